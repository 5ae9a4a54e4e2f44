// `lasis sip2 --ils URL <command>`: talk to the library system by hand. Each command prints the
// ILS's reply as one JSON object with readable field names; exit 0 when the exchange happened
// (even if the ILS said no), 1 with a message on stderr when it could not (unreachable, login
// refused, timeout). PINs are sent but never printed.
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"
#include "tools/lasis/sip2trace.h"

#include "common/core/log.h"
#include "drivers/sip2client/sip2client.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <iostream>
#include <memory>

namespace lasis::cli {
namespace {

using nlohmann::json;
using namespace lasis::sip2;

std::string isoUtc(TimePoint t) {
  auto s = formatIsoDate(t, DateZone::utc);
  s[10] = 'T';
  return s + "Z";
}

/// Writes a typed SIP2 reply as JSON, using the names from its describe().
class JsonWriter {
public:
  json j = json::object();
  void bit(const char* n, const bool& b) { j[n] = b; }
  void yn(const char* n, const bool& b) { j[n] = b; }
  void ynu(const char* n, const std::optional<bool>& b) { j[n] = b ? json(*b) : json(nullptr); }
  void chars(const char* n, const std::string& s, std::size_t) { j[n] = s; }
  void count(const char* n, const int& v, std::size_t) { j[n] = v; }
  void date(const char* n, const std::optional<TimePoint>& t) { j[n] = t ? json(isoUtc(*t)) : json(nullptr); }
  void field(const char* n, const char*, const std::string& v, bool required) {
    if (required || !v.empty()) j[n] = v;
    // Due dates come in either SIP2 or ISO form depending on the ILS: add one normal form.
    if (std::string_view(n) == "due_date" && !v.empty())
      if (auto t = parseDueDate(v)) j["due_date_iso"] = isoUtc(*t);
  }
  void flag(const char* n, const char*, const std::optional<bool>& b) {
    if (b) j[n] = *b;
  }
  void number(const char* n, const char*, const std::optional<int>& v) {
    if (v) j[n] = *v;
  }
  void list(const char* n, const char*, const std::vector<std::string>& v) {
    if (std::string_view(n) == "screen_message" || std::string_view(n) == "print_line") {
      // One readable string for people and scripts; every line kept in the array form too.
      std::string joined;
      for (const auto& s : v) joined += (joined.empty() ? "" : " ") + s;
      j[n] = joined;
      j[std::string(n) + "s"] = v;
    } else {
      j[n] = v;
    }
  }
};

const char* circulationName(const std::string& code) {
  static const char* names[] = {"other", "on order", "available", "charged", "charged (no recall)", "in process",
                                "recalled", "on hold shelf", "awaiting reshelving", "in transit", "claimed returned",
                                "lost", "missing"};
  int n = 0;
  std::from_chars(code.data(), code.data() + code.size(), n);
  return n >= 1 && n <= 13 ? names[n - 1] : "unknown";
}

template <class M>
json toJson(const M& m) {
  JsonWriter w;
  M::describe(m, w);
  w.j["message"] = std::string(messageName(M::code));
  w.j["code"] = std::string(M::code);
  if (!m.extra.empty()) {
    json extra = json::array();
    for (const auto& f : m.extra) extra.push_back({{"id", f.id}, {"value", f.value}});
    w.j["other_fields"] = extra;  // fields we have no name for, in the order the ILS sent them
  }
  if (!w.j.contains("screen_message")) w.j["screen_message"] = "";
  return w.j;
}

struct Options {
  std::string url;
  std::string config;  ///< the kiosk config whose ils.url is used when --ils is not given
  std::string profile, charset;  ///< override the URL's profile= and charset= when given
  std::string patron, item, pin, pickup, amount, currency = "EUR";
};

/// Runs one command: connect, exchange, print. Returns the process exit status.
int run(const Options& o, const std::function<Result<json>(Sip2Client&)>& body) {
  SystemClock clock;
  auto url = Sip2Url::parse(o.url);
  if (!url) {
    std::cerr << "lasis sip2: " << url.error().describe() << "\n";
    return 2;
  }
  if (!o.profile.empty()) url->profile = o.profile;
  if (!o.charset.empty()) url->charset = o.charset;
  auto client = Sip2Client::create(std::move(*url), clock, makeLogger("sip2"));
  if (!client) {
    std::cerr << "lasis sip2: " << client.error().describe() << "\n";
    return 2;
  }
  auto out = body(**client);
  if (!out) {
    std::cerr << "lasis sip2: " << out.error().describe() << "\n";
    return 1;
  }
  std::cout << out->dump() << std::endl;
  return 0;
}

template <class M>
Result<json> reply(Result<M> r, const std::function<bool(const M&)>& ok) {
  if (!r) return r.error();
  json j = toJson(*r);
  j["ok"] = ok(*r);
  return j;
}

} // namespace

void addSip2Commands(CLI::App& app, int& exitCode) {
  auto* sip2 = app.add_subcommand("sip2", "Talk SIP2 to the library system (ILS) and print its reply as JSON");
  auto o = std::make_shared<Options>();
  sip2->add_option("--ils", o->url, "ILS address, e.g. sip2://USER:PASSWORD@HOST:PORT?institution=X&profile=koha")
      ->envname("LASIS_ILS");
  sip2->add_option("--config", o->config,
                   "kiosk config whose ils.url (with its password_file) is used when --ils is not given "
                   "(default: the kiosk config in /etc/lasis/ or $LASIS_CONFIG_DIR)");
  sip2->add_option("--profile", o->profile, "ILS profile (koha, evergreen, folio, generic or a profile TOML file); overrides the URL's");
  sip2->add_option("--charset", o->charset,
                   "code page on the wire (any iconv name: WINDOWS-1257, ISO-8859-13, WINDOWS-1251, KOI8-U, CP866, CP850, "
                   "UTF-8); overrides the URL's and the profile's");
  sip2->require_subcommand(1);
  // Every command that names a patron takes --pin; without it no AD field is sent at all.
  const auto pinOption = [o](CLI::App* cmd) { cmd->add_option("--pin", o->pin, "patron PIN (sent as AD, never printed)"); };

  auto add = [&](const char* name, const char* help, auto body) {
    auto* cmd = sip2->add_subcommand(name, help);
    cmd->callback([o, body, &exitCode] {
      if (!fromConfig(o->url, o->config, "kiosk", "lasis sip2", "ils.url", "--ils", kioskIlsUrl)) return void(exitCode = 2);
      exitCode = run(*o, [&](Sip2Client& c) { return body(*o, c); });
    });
    return cmd;
  };

  // A tap between the kiosk and the ILS: no client of its own, so not through add().
  auto* trace = sip2->add_subcommand(
      "trace", "Pass a kiosk's SIP2 traffic on to the ILS and print every frame both ways, PINs, passwords and "
               "patrons masked (point the kiosk's ils.url at --listen)\n"
               "  e.g. lasis sip2 --config /etc/lasis/kiosk.toml trace --listen 127.0.0.1:6002");
  auto listen = std::make_shared<std::string>("127.0.0.1:6002");
  auto once = std::make_shared<bool>(false);
  trace->add_option("--listen", *listen, "where the kiosk connects instead of the ILS (IPv4 HOST:PORT; port 0: any free one)");
  trace->add_flag("--once", *once, "exit when the first connection closes");
  trace->callback([o, listen, once, &exitCode] {
    if (!fromConfig(o->url, o->config, "kiosk", "lasis sip2 trace", "ils.url", "--ils", kioskIlsUrl)) return void(exitCode = 2);
    auto url = Sip2Url::parse(o->url);
    if (!url) {
      std::cerr << "lasis sip2 trace: " << url.error().describe() << "\n";
      return void(exitCode = 2);
    }
    if (!o->profile.empty()) url->profile = o->profile;
    if (!o->charset.empty()) url->charset = o->charset;
    exitCode = sip2Trace(*url, *listen, *once);
  });

  add("status", "Log in and ask SC/ACS status (99/98)\n"
      "  e.g. lasis sip2 --ils 'sip2s://kiosk:PASSWORD@ils.example:6001?institution=LIB&profile=koha' status", [](const Options&, Sip2Client& c) {
    return reply<AcsStatus>(c.status(), [](const AcsStatus& r) { return r.online; });
  });

  auto* patron = add("patron", "Patron status (23/24): valid card, PIN, blocks, fees\n"
      "  e.g. lasis sip2 --config /etc/lasis/kiosk.toml patron P0001 --pin 1234", [](const Options& op, Sip2Client& c) {
    PatronStatusRequest q;
    q.patronId = op.patron;
    q.patronPassword = op.pin;
    return reply<PatronStatusResponse>(c.call<PatronStatusResponse>(q), [&](const PatronStatusResponse& r) {
      return r.validPatron.value_or(false) && (op.pin.empty() || r.validPatronPassword.value_or(false));
    });
  });
  patron->add_option("ID", o->patron, "patron barcode")->required();
  pinOption(patron);

  auto* item = add("item", "Item information (17/18): title, circulation status, due date\n"
      "  e.g. lasis sip2 item 39000123", [](const Options& op, Sip2Client& c) {
    ItemInformationRequest q;
    q.itemId = op.item;
    auto r = reply<ItemInformationResponse>(c.call<ItemInformationResponse>(q), [](const ItemInformationResponse& x) {
      return !(x.circulationStatus == "01" && x.title.empty());
    });
    if (r) (*r)["circulation_status_name"] = circulationName((*r)["circulation_status"].get<std::string>());
    return r;
  });
  item->add_option("ID", o->item, "item barcode")->required();

  auto* checkout = add("checkout", "Check an item out to a patron (11/12)\n"
      "  e.g. lasis sip2 checkout P0001 39000123 --pin 1234", [](const Options& op, Sip2Client& c) {
    CheckoutRequest q;
    q.patronId = op.patron;
    q.itemId = op.item;
    q.patronPassword = op.pin;
    return reply<CheckoutResponse>(c.checkout(q), [](const CheckoutResponse& r) { return r.ok; });
  });
  checkout->add_option("PATRON", o->patron, "patron barcode")->required();
  checkout->add_option("ITEM", o->item, "item barcode")->required();
  pinOption(checkout);

  auto* checkin = add("checkin", "Return an item (09/10)\n"
      "  e.g. lasis sip2 checkin 39000123", [](const Options& op, Sip2Client& c) {
    CheckinRequest q;
    q.itemId = op.item;
    return reply<CheckinResponse>(c.checkin(q), [](const CheckinResponse& r) { return r.ok; });
  });
  checkin->add_option("ITEM", o->item, "item barcode")->required();

  auto* renew = add("renew", "Renew one loan (29/30)\n"
      "  e.g. lasis sip2 renew P0001 39000123 --pin 1234", [](const Options& op, Sip2Client& c) {
    RenewRequest q;
    q.patronId = op.patron;
    q.itemId = op.item;
    q.patronPassword = op.pin;
    return reply<RenewResponse>(c.renew(q), [](const RenewResponse& r) { return r.ok; });
  });
  renew->add_option("PATRON", o->patron, "patron barcode")->required();
  renew->add_option("ITEM", o->item, "item barcode")->required();
  pinOption(renew);

  auto* renewAll = add("renew-all", "Renew every loan of a patron (65/66)\n"
      "  e.g. lasis sip2 renew-all P0001 --pin 1234", [](const Options& op, Sip2Client& c) {
    RenewAllRequest q;
    q.patronId = op.patron;
    q.patronPassword = op.pin;
    return reply<RenewAllResponse>(c.call<RenewAllResponse>(q, Resend::never), [](const RenewAllResponse& r) { return r.ok; });
  });
  renewAll->add_option("PATRON", o->patron, "patron barcode")->required();
  pinOption(renewAll);

  auto holdBody = [](const char* mode) {
    return [mode](const Options& op, Sip2Client& c) {
      HoldRequest q;
      q.holdMode = mode;
      q.patronId = op.patron;
      q.itemId = op.item;
      q.pickupLocation = op.pickup;
      q.patronPassword = op.pin;
      return reply<HoldResponse>(c.call<HoldResponse>(q, Resend::never), [](const HoldResponse& r) { return r.ok; });
    };
  };
  auto* hold = add("hold", "Place a hold for pickup at a branch (15/16)\n"
      "  e.g. lasis sip2 hold P0001 39000123 --pickup CENTRAL --pin 1234", holdBody("+"));
  hold->add_option("PATRON", o->patron, "patron barcode")->required();
  hold->add_option("ITEM", o->item, "item barcode")->required();
  hold->add_option("--pickup", o->pickup, "pickup branch code")->required();
  pinOption(hold);
  auto* cancelHold = add("cancel-hold", "Cancel a hold (15/16, mode -)\n"
      "  e.g. lasis sip2 cancel-hold P0001 39000123 --pin 1234", holdBody("-"));
  cancelHold->add_option("PATRON", o->patron, "patron barcode")->required();
  cancelHold->add_option("ITEM", o->item, "item barcode")->required();
  pinOption(cancelHold);

  auto* pay = add("pay", "Record a fee payment (37/38)\n"
      "  e.g. lasis sip2 pay P0001 2.50 --currency EUR --pin 1234", [](const Options& op, Sip2Client& c) -> Result<json> {
    double v = 0;
    auto r = std::from_chars(op.amount.data(), op.amount.data() + op.amount.size(), v);
    if (r.ec != std::errc() || r.ptr != op.amount.data() + op.amount.size() || !(v > 0))
      return fail(Errc::invalidArgument, "AMOUNT must be a positive number such as 2.50, not '" + op.amount + "'");
    FeePaidRequest q;
    q.patronId = op.patron;
    q.feeAmount = op.amount;
    q.currencyType = op.currency;
    q.patronPassword = op.pin;
    return reply<FeePaidResponse>(c.call<FeePaidResponse>(q, Resend::never),
                                  [](const FeePaidResponse& x) { return x.paymentAccepted; });
  });
  pay->add_option("PATRON", o->patron, "patron barcode")->required();
  pay->add_option("AMOUNT", o->amount, "amount paid, e.g. 2.50")->required();
  pay->add_option("--currency", o->currency, "ISO 4217 currency code")->check([](const std::string& s) {
    return s.size() == 3 ? std::string() : std::string("currency must be 3 letters, e.g. EUR");
  });
  pinOption(pay);

  auto* end = add("end", "End the patron's session (35/36)\n"
      "  e.g. lasis sip2 end P0001", [](const Options& op, Sip2Client& c) {
    EndSessionRequest q;
    q.patronId = op.patron;
    q.patronPassword = op.pin;
    return reply<EndSessionResponse>(c.call<EndSessionResponse>(q), [](const EndSessionResponse& r) { return r.endSession; });
  });
  end->add_option("PATRON", o->patron, "patron barcode")->required();
  pinOption(end);
}

} // namespace lasis::cli
