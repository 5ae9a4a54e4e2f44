#pragma once
// Typed views of every SIP2 message a kiosk uses, both directions. Each struct lists its fixed
// fields and variable fields once, in wire order, in `describe()`; the same description drives
// encoding, decoding (typedcodec.h) and the readable JSON of `lasis sip2` (its names are the
// JSON keys). Fields an ILS sends that a struct does not name stay in `extra`, in order.
//
// describe() visitor calls:
//   fixed:    bit (1/0), yn (Y/N), ynu (Y/N/U), chars (exact length), count (zero-padded), date (18)
//   variable: field (text; `required` ones are always sent), flag (Y/N), number, list (repeatable)

#include "common/sip2/message.h"
#include "common/sip2/sipdate.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::sip2 {

inline constexpr bool kRequired = true;
inline constexpr bool kOptional = false;

/// 93: log the kiosk in to the ILS (first message on every connection).
struct LoginRequest {
  static constexpr std::string_view code = "93";
  std::string uidAlgorithm = "0";
  std::string pwdAlgorithm = "0";
  std::string userId;
  std::string password;  ///< never logged
  std::string location;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("uid_algorithm", m.uidAlgorithm, 1);
    v.chars("pwd_algorithm", m.pwdAlgorithm, 1);
    v.field("login_user_id", "CN", m.userId, kRequired);
    v.field("login_password", "CO", m.password, kRequired);
    v.field("location_code", "CP", m.location, kOptional);
  }
};

/// 94: login accepted (ok) or refused.
struct LoginResponse {
  static constexpr std::string_view code = "94";
  bool ok = false;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) { v.bit("ok", m.ok); }
};

/// 99: SC status; also the keep-alive.
struct ScStatus {
  static constexpr std::string_view code = "99";
  std::string statusCode = "0";  ///< 0 ok, 1 out of paper, 2 shutting down
  int maxPrintWidth = 0;
  std::string protocolVersion = "2.00";
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("status_code", m.statusCode, 1);
    v.count("max_print_width", m.maxPrintWidth, 3);
    v.chars("protocol_version", m.protocolVersion, 4);
  }
};

/// 98: what the ILS allows right now.
struct AcsStatus {
  static constexpr std::string_view code = "98";
  bool online = false, checkinOk = false, checkoutOk = false, renewalPolicy = false, statusUpdateOk = false,
       offlineOk = false;
  int timeoutPeriod = 0;  ///< tenths of a second; 999 = unknown
  int retriesAllowed = 0;
  std::optional<TimePoint> dateTimeSync;
  std::string protocolVersion = "2.00";
  std::string institutionId;
  std::string libraryName;
  std::string supportedMessages;  ///< BX: 16 Y/N flags
  std::string terminalLocation;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("online", m.online);
    v.yn("checkin_ok", m.checkinOk);
    v.yn("checkout_ok", m.checkoutOk);
    v.yn("renewal_policy", m.renewalPolicy);
    v.yn("status_update_ok", m.statusUpdateOk);
    v.yn("offline_ok", m.offlineOk);
    v.count("timeout_period", m.timeoutPeriod, 3);
    v.count("retries_allowed", m.retriesAllowed, 3);
    v.date("date_time_sync", m.dateTimeSync);
    v.chars("protocol_version", m.protocolVersion, 4);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("library_name", "AM", m.libraryName, kOptional);
    v.field("supported_messages", "BX", m.supportedMessages, kRequired);
    v.field("terminal_location", "AN", m.terminalLocation, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 23: is this patron valid, is the PIN right, may they borrow?
struct PatronStatusRequest {
  static constexpr std::string_view code = "23";
  std::string language = "000";
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId, terminalPassword, patronPassword;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("language", m.language, 3);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kRequired);
    v.field("patron_password", "AD", m.patronPassword, kOptional);  // no PIN: no AD (Codec::encode)
  }
};

/// 24: a patron's standing (also the answer to 01 Block Patron).
struct PatronStatusResponse {
  static constexpr std::string_view code = "24";
  std::string patronStatus = std::string(14, ' ');  ///< 14 flags, 'Y' = denied/problem
  std::string language = "000";
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId, personalName;
  std::optional<bool> validPatron, validPatronPassword;
  std::string currencyType, feeAmount;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("patron_status", m.patronStatus, 14);
    v.chars("language", m.language, 3);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("patron_name", "AE", m.personalName, kRequired);
    v.flag("valid_patron", "BL", m.validPatron);
    v.flag("valid_pin", "CQ", m.validPatronPassword);
    v.field("currency_type", "BH", m.currencyType, kOptional);
    v.field("fee_amount", "BV", m.feeAmount, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 63: the patron's account, one item list at a time (summary: one 'Y').
struct PatronInformationRequest {
  static constexpr std::string_view code = "63";
  std::string language = "000";
  std::optional<TimePoint> transactionDate;
  std::string summary = std::string(10, ' ');  ///< 'Y' at 0 holds, 1 overdue, 2 charged, 3 fines, 4 recall, 5 unavail.
  std::string institutionId, patronId, terminalPassword, patronPassword;
  std::optional<int> startItem, endItem;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("language", m.language, 3);
    v.date("transaction_date", m.transactionDate);
    v.chars("summary", m.summary, 10);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
    v.number("start_item", "BP", m.startItem);
    v.number("end_item", "BQ", m.endItem);
  }
};

/// 64: the patron's account.
struct PatronInformationResponse {
  static constexpr std::string_view code = "64";
  std::string patronStatus = std::string(14, ' ');
  std::string language = "000";
  std::optional<TimePoint> transactionDate;
  int holdItemsCount = 0, overdueItemsCount = 0, chargedItemsCount = 0, fineItemsCount = 0, recallItemsCount = 0,
      unavailableHoldsCount = 0;
  std::string institutionId, patronId, personalName;
  std::optional<int> holdItemsLimit, overdueItemsLimit, chargedItemsLimit;
  std::optional<bool> validPatron, validPatronPassword;
  std::string currencyType, feeAmount, feeLimit;
  std::vector<std::string> holdItems, overdueItems, chargedItems, fineItems, recallItems, unavailableHoldItems;
  std::string homeAddress, emailAddress, homePhoneNumber;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("patron_status", m.patronStatus, 14);
    v.chars("language", m.language, 3);
    v.date("transaction_date", m.transactionDate);
    v.count("hold_items_count", m.holdItemsCount, 4);
    v.count("overdue_items_count", m.overdueItemsCount, 4);
    v.count("charged_items_count", m.chargedItemsCount, 4);
    v.count("fine_items_count", m.fineItemsCount, 4);
    v.count("recall_items_count", m.recallItemsCount, 4);
    v.count("unavailable_holds_count", m.unavailableHoldsCount, 4);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("patron_name", "AE", m.personalName, kRequired);
    v.number("hold_items_limit", "BZ", m.holdItemsLimit);
    v.number("overdue_items_limit", "CA", m.overdueItemsLimit);
    v.number("charged_items_limit", "CB", m.chargedItemsLimit);
    v.flag("valid_patron", "BL", m.validPatron);
    v.flag("valid_pin", "CQ", m.validPatronPassword);
    v.field("currency_type", "BH", m.currencyType, kOptional);
    v.field("fee_amount", "BV", m.feeAmount, kOptional);
    v.field("fee_limit", "CC", m.feeLimit, kOptional);
    v.list("hold_items", "AS", m.holdItems);
    v.list("overdue_items", "AT", m.overdueItems);
    v.list("charged_items", "AU", m.chargedItems);
    v.list("fine_items", "AV", m.fineItems);
    v.list("recall_items", "BU", m.recallItems);
    v.list("unavailable_hold_items", "CD", m.unavailableHoldItems);
    v.field("home_address", "BD", m.homeAddress, kOptional);
    v.field("email_address", "BE", m.emailAddress, kOptional);
    v.field("home_phone_number", "BF", m.homePhoneNumber, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 11: lend an item to a patron (no_block = replay of an offline loan).
struct CheckoutRequest {
  static constexpr std::string_view code = "11";
  bool scRenewalPolicy = false, noBlock = false;
  std::optional<TimePoint> transactionDate, nbDueDate;
  std::string institutionId, patronId, itemId, terminalPassword, itemProperties, patronPassword;
  std::optional<bool> feeAcknowledged, cancel;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("sc_renewal_policy", m.scRenewalPolicy);
    v.yn("no_block", m.noBlock);
    v.date("transaction_date", m.transactionDate);
    v.date("nb_due_date", m.nbDueDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("item_id", "AB", m.itemId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kRequired);
    v.field("item_properties", "CH", m.itemProperties, kOptional);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
    v.flag("fee_acknowledged", "BO", m.feeAcknowledged);
    v.flag("cancel", "BI", m.cancel);
  }
};

/// 12 (checkout) and 30 (renew): the loan and its due date, or the refusal.
template <char C0, char C1>
struct LoanResponse {
  static constexpr char kCode[3] = {C0, C1, 0};
  static constexpr std::string_view code = kCode;
  bool ok = false, renewalOk = false;
  std::optional<bool> magneticMedia, desensitize;
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId, itemId, title, dueDate, feeType;
  std::optional<bool> securityInhibit;
  std::string currencyType, feeAmount, mediaType, itemProperties, transactionId;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.bit("ok", m.ok);
    v.yn("renewal_ok", m.renewalOk);
    v.ynu("magnetic_media", m.magneticMedia);
    v.ynu("desensitize", m.desensitize);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("item_id", "AB", m.itemId, kRequired);
    v.field("title", "AJ", m.title, kRequired);
    v.field("due_date", "AH", m.dueDate, kRequired);
    v.field("fee_type", "BT", m.feeType, kOptional);
    v.flag("security_inhibit", "CI", m.securityInhibit);
    v.field("currency_type", "BH", m.currencyType, kOptional);
    v.field("fee_amount", "BV", m.feeAmount, kOptional);
    v.field("media_type", "CK", m.mediaType, kOptional);
    v.field("item_properties", "CH", m.itemProperties, kOptional);
    v.field("transaction_id", "BK", m.transactionId, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};
using CheckoutResponse = LoanResponse<'1', '2'>;
using RenewResponse = LoanResponse<'3', '0'>;

/// 09: return an item (return_date = when the patron really returned it; ILSs backdate by it).
struct CheckinRequest {
  static constexpr std::string_view code = "09";
  bool noBlock = false;
  std::optional<TimePoint> transactionDate, returnDate;
  std::string currentLocation, institutionId, itemId, terminalPassword, itemProperties;
  std::optional<bool> cancel;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("no_block", m.noBlock);
    v.date("transaction_date", m.transactionDate);
    v.date("return_date", m.returnDate);
    v.field("current_location", "AP", m.currentLocation, kRequired);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("item_id", "AB", m.itemId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kRequired);
    v.field("item_properties", "CH", m.itemProperties, kOptional);
    v.flag("cancel", "BI", m.cancel);
  }
};

/// 10: the return, where the item goes next (sort bin, hold, transfer: 3M CL/CT/CV/CY/DA).
struct CheckinResponse {
  static constexpr std::string_view code = "10";
  bool ok = false, resensitize = false;
  std::optional<bool> magneticMedia;
  bool alert = false;
  std::optional<TimePoint> transactionDate;
  std::string institutionId, itemId, permanentLocation, title, sortBin, patronId, mediaType, itemProperties;
  std::string collectionCode, callNumber, destinationLocation, alertType, holdPatronId, holdPatronName;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.bit("ok", m.ok);
    v.yn("resensitize", m.resensitize);
    v.ynu("magnetic_media", m.magneticMedia);
    v.yn("alert", m.alert);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("item_id", "AB", m.itemId, kRequired);
    v.field("permanent_location", "AQ", m.permanentLocation, kRequired);
    v.field("title", "AJ", m.title, kOptional);
    v.field("sort_bin", "CL", m.sortBin, kOptional);
    v.field("patron_id", "AA", m.patronId, kOptional);
    v.field("media_type", "CK", m.mediaType, kOptional);
    v.field("item_properties", "CH", m.itemProperties, kOptional);
    v.field("collection_code", "CR", m.collectionCode, kOptional);
    v.field("call_number", "CS", m.callNumber, kOptional);
    v.field("destination_location", "CT", m.destinationLocation, kOptional);
    v.field("alert_type", "CV", m.alertType, kOptional);
    v.field("hold_patron_id", "CY", m.holdPatronId, kOptional);
    v.field("hold_patron_name", "DA", m.holdPatronName, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 29: renew one loan.
struct RenewRequest {
  static constexpr std::string_view code = "29";
  bool thirdPartyAllowed = false, noBlock = false;
  std::optional<TimePoint> transactionDate, nbDueDate;
  std::string institutionId, patronId, patronPassword, itemId, title, terminalPassword, itemProperties;
  std::optional<bool> feeAcknowledged;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("third_party_allowed", m.thirdPartyAllowed);
    v.yn("no_block", m.noBlock);
    v.date("transaction_date", m.transactionDate);
    v.date("nb_due_date", m.nbDueDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
    v.field("item_id", "AB", m.itemId, kOptional);
    v.field("title", "AJ", m.title, kOptional);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
    v.field("item_properties", "CH", m.itemProperties, kOptional);
    v.flag("fee_acknowledged", "BO", m.feeAcknowledged);
  }
};

/// 65: renew everything the patron has.
struct RenewAllRequest {
  static constexpr std::string_view code = "65";
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId, patronPassword, terminalPassword;
  std::optional<bool> feeAcknowledged;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
    v.flag("fee_acknowledged", "BO", m.feeAcknowledged);
  }
};

/// 66: which loans were renewed and which not.
struct RenewAllResponse {
  static constexpr std::string_view code = "66";
  bool ok = false;
  int renewedCount = 0, unrenewedCount = 0;
  std::optional<TimePoint> transactionDate;
  std::string institutionId;
  std::vector<std::string> renewedItems, unrenewedItems, screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.bit("ok", m.ok);
    v.count("renewed_count", m.renewedCount, 4);
    v.count("unrenewed_count", m.unrenewedCount, 4);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.list("renewed_items", "BM", m.renewedItems);
    v.list("unrenewed_items", "BN", m.unrenewedItems);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 17: an item's status (also asked after a lost checkout/checkin/renew reply).
struct ItemInformationRequest {
  static constexpr std::string_view code = "17";
  std::optional<TimePoint> transactionDate;
  std::string institutionId, itemId, terminalPassword;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("item_id", "AB", m.itemId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
  }
};

/// 18: circulation status, due date, holds, where the item lives.
struct ItemInformationResponse {
  static constexpr std::string_view code = "18";
  std::string circulationStatus = "01";  ///< 01 other … 03 available, 04 charged … 13 missing
  std::string securityMarker = "00";
  std::string feeType = "01";
  std::optional<TimePoint> transactionDate;
  std::optional<int> holdQueueLength;
  std::string dueDate, recallDate, holdPickupDate, itemId, title, owner, currencyType, feeAmount, mediaType,
      permanentLocation, currentLocation, itemProperties, collectionCode, callNumber, destinationLocation,
      holdPatronId, holdPatronName;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("circulation_status", m.circulationStatus, 2);
    v.chars("security_marker", m.securityMarker, 2);
    v.chars("fee_type", m.feeType, 2);
    v.date("transaction_date", m.transactionDate);
    v.number("hold_queue_length", "CF", m.holdQueueLength);
    v.field("due_date", "AH", m.dueDate, kOptional);
    v.field("recall_date", "CJ", m.recallDate, kOptional);
    v.field("hold_pickup_date", "CM", m.holdPickupDate, kOptional);
    v.field("item_id", "AB", m.itemId, kRequired);
    v.field("title", "AJ", m.title, kRequired);
    v.field("owner", "BG", m.owner, kOptional);
    v.field("currency_type", "BH", m.currencyType, kOptional);
    v.field("fee_amount", "BV", m.feeAmount, kOptional);
    v.field("media_type", "CK", m.mediaType, kOptional);
    v.field("permanent_location", "AQ", m.permanentLocation, kOptional);
    v.field("current_location", "AP", m.currentLocation, kOptional);
    v.field("item_properties", "CH", m.itemProperties, kOptional);
    v.field("collection_code", "CR", m.collectionCode, kOptional);
    v.field("call_number", "CS", m.callNumber, kOptional);
    v.field("destination_location", "CT", m.destinationLocation, kOptional);
    v.field("hold_patron_id", "CY", m.holdPatronId, kOptional);
    v.field("hold_patron_name", "DA", m.holdPatronName, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 15: place (+), cancel (-) or change (*) a hold, for pickup at a branch (BS).
struct HoldRequest {
  static constexpr std::string_view code = "15";
  std::string holdMode = "+";
  std::optional<TimePoint> transactionDate;
  std::string expirationDate, pickupLocation, holdType, institutionId, patronId, patronPassword, itemId, title,
      terminalPassword;
  std::optional<bool> feeAcknowledged;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.chars("hold_mode", m.holdMode, 1);
    v.date("transaction_date", m.transactionDate);
    v.field("expiration_date", "BW", m.expirationDate, kOptional);
    v.field("pickup_location", "BS", m.pickupLocation, kOptional);
    v.field("hold_type", "BY", m.holdType, kOptional);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
    v.field("item_id", "AB", m.itemId, kOptional);
    v.field("title", "AJ", m.title, kOptional);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
    v.flag("fee_acknowledged", "BO", m.feeAcknowledged);
  }
};

/// 16: the hold and the patron's place in the queue.
struct HoldResponse {
  static constexpr std::string_view code = "16";
  bool ok = false, available = false;
  std::optional<TimePoint> transactionDate;
  std::string expirationDate;
  std::optional<int> queuePosition;
  std::string pickupLocation, institutionId, patronId, itemId, title;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.bit("ok", m.ok);
    v.yn("available", m.available);
    v.date("transaction_date", m.transactionDate);
    v.field("expiration_date", "BW", m.expirationDate, kOptional);
    v.number("queue_position", "BR", m.queuePosition);
    v.field("pickup_location", "BS", m.pickupLocation, kOptional);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("item_id", "AB", m.itemId, kOptional);
    v.field("title", "AJ", m.title, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 35: the patron walked away; the ILS may drop its session state.
struct EndSessionRequest {
  static constexpr std::string_view code = "35";
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId, terminalPassword, patronPassword;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
  }
};

/// 36: session ended.
struct EndSessionResponse {
  static constexpr std::string_view code = "36";
  bool endSession = false;
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("end_session", m.endSession);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 37: the patron paid (BV amount as text, e.g. "2.50").
struct FeePaidRequest {
  static constexpr std::string_view code = "37";
  std::optional<TimePoint> transactionDate;
  std::string feeType = "01", paymentType = "00", currencyType = "EUR";
  std::string feeAmount, institutionId, patronId, terminalPassword, patronPassword, feeId, transactionId;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.date("transaction_date", m.transactionDate);
    v.chars("fee_type", m.feeType, 2);
    v.chars("payment_type", m.paymentType, 2);
    v.chars("currency_type", m.currencyType, 3);
    v.field("fee_amount", "BV", m.feeAmount, kRequired);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kOptional);
    v.field("patron_password", "AD", m.patronPassword, kOptional);
    v.field("fee_id", "CG", m.feeId, kOptional);
    v.field("transaction_id", "BK", m.transactionId, kOptional);
  }
};

/// 38: payment accepted or not.
struct FeePaidResponse {
  static constexpr std::string_view code = "38";
  bool paymentAccepted = false;
  std::optional<TimePoint> transactionDate;
  std::string institutionId, patronId, transactionId;
  std::vector<std::string> screenMessage, printLine;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("payment_accepted", m.paymentAccepted);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("transaction_id", "BK", m.transactionId, kOptional);
    v.list("screen_message", "AF", m.screenMessage);
    v.list("print_line", "AG", m.printLine);
  }
};

/// 97: the kiosk asks the ILS to resend its last reply (sent exactly as "97AZFEF5").
struct RequestAcsResend {
  static constexpr std::string_view code = "97";
  std::vector<Field> extra;
  template <class S, class V> static void describe(S&, V&) {}
};

/// 96: the ILS asks the kiosk to resend (our last message arrived damaged).
struct RequestScResend {
  static constexpr std::string_view code = "96";
  std::vector<Field> extra;
  template <class S, class V> static void describe(S&, V&) {}
};

/// 01: block a patron's card (answered by 24).
struct BlockPatron {
  static constexpr std::string_view code = "01";
  bool cardRetained = false;
  std::optional<TimePoint> transactionDate;
  std::string institutionId, blockedCardMessage, patronId, terminalPassword;
  std::vector<Field> extra;
  template <class S, class V> static void describe(S& m, V& v) {
    v.yn("card_retained", m.cardRetained);
    v.date("transaction_date", m.transactionDate);
    v.field("institution_id", "AO", m.institutionId, kRequired);
    v.field("blocked_card_message", "AL", m.blockedCardMessage, kRequired);
    v.field("patron_id", "AA", m.patronId, kRequired);
    v.field("terminal_password", "AC", m.terminalPassword, kRequired);
  }
};

} // namespace lasis::sip2
