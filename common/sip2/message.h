#pragma once
// The generic form of a SIP2 message: code, fixed-length part, variable fields in wire order.
// Repeats and fields we do not know are kept, in order, so nothing an ILS sends is dropped.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::sip2 {

/// One variable field: a 2-character id and its value (UTF-8 inside Lasis).
struct Field {
  std::string id;
  std::string value;
  bool operator==(const Field&) const = default;
};

/// A SIP2 message in generic form (values in UTF-8; AY/AZ are not fields here).
struct Message {
  std::string code;           ///< "93", "12", …
  std::string fixed;          ///< the fixed-length part, exactly as on the wire
  std::vector<Field> fields;  ///< variable fields in wire order, without AY/AZ
  std::optional<int> sequence;  ///< AY as received (or to be sent)
  bool checksummed = false;     ///< an AZ checksum was present and correct

  /// The first value of field `id`, or nullptr.
  const std::string* find(std::string_view id) const;
  /// The first value of field `id`, or "".
  std::string get(std::string_view id) const;
  /// Every value of a repeatable field, in order.
  std::vector<std::string> all(std::string_view id) const;
  void add(std::string id, std::string value) { fields.push_back({std::move(id), std::move(value)}); }
  bool operator==(const Message&) const = default;
};

/// Length of the fixed part of message `code`; nullopt for a code we do not know.
std::optional<std::size_t> fixedLength(std::string_view code);
/// Human-readable name of a message code ("Checkout Response") for logs and errors.
std::string_view messageName(std::string_view code);
/// Every message code the codec knows, requests and responses.
const std::vector<std::string>& knownCodes();

} // namespace lasis::sip2
