#include "drivers/pcsc/pcscreader.h"

#include <PCSC/winscard.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <mutex>
#include <set>
#include <variant>

namespace lasis::pcsc {

std::string_view toString(SecurityMode m) {
  switch (m) {
  case SecurityMode::afi: return "afi";
  case SecurityMode::eas: return "eas";
  case SecurityMode::both: return "both";
  }
  return "afi";
}

std::optional<SecurityMode> parseSecurityMode(std::string_view text) {
  if (text == "afi") return SecurityMode::afi;
  if (text == "eas") return SecurityMode::eas;
  if (text == "both") return SecurityMode::both;
  return std::nullopt;
}

std::optional<tagdata::Model> modelForDsfid(std::uint8_t dsfid) {
  if (dsfid == kDsfidIso28560_2) return tagdata::Model::iso28560_2;
  return std::nullopt;
}

namespace {

namespace p3 = part3;
namespace i5 = iso15693;

bool cardGone(LONG rv) {
  return rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_RESET_CARD ||
         rv == SCARD_E_INVALID_HANDLE || rv == SCARD_W_UNPOWERED_CARD;
}

Error pcscError(LONG rv, const std::string& what) {
  const std::string detail = fmt::format("{}: {} (0x{:08X})", what, pcsc_stringify_error(rv),
                                         static_cast<unsigned long>(rv));
  switch (rv) {
  case SCARD_E_NO_SERVICE:
  case SCARD_E_SERVICE_STOPPED:
    return Error(Errc::disconnected, detail + "; is pcscd running?");
  case SCARD_E_UNKNOWN_READER:
  case SCARD_E_READER_UNAVAILABLE:
  case SCARD_E_NO_READERS_AVAILABLE:
    return Error(Errc::disconnected, detail + "; is the reader plugged in?");
  case SCARD_E_TIMEOUT: return Error(Errc::timeout, detail);
  case SCARD_E_SHARING_VIOLATION: return Error(Errc::busy, detail + "; another program holds the reader");
  default: return Error(Errc::io, detail);
  }
}

struct ParsedUrl {
  std::string reader;  // name, or digits for an index
  PcscOptions options;
};

Result<ParsedUrl> parseUrl(const std::string& url, PcscOptions options) {
  constexpr std::string_view kScheme = "pcsc:";
  if (url.rfind(kScheme, 0) != 0)
    return fail(Errc::config, fmt::format("reader URL '{}' does not start with pcsc:", url));
  std::string rest = url.substr(kScheme.size());
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  if (rest.empty())
    return fail(Errc::config, fmt::format("reader URL '{}' names no reader (pcsc:0 or pcsc:NAME)", url));
  ParsedUrl out{rest, options};
  std::size_t at = 0;
  while (at < query.size()) {
    auto amp = query.find('&', at);
    if (amp == std::string::npos) amp = query.size();
    const std::string kv = query.substr(at, amp - at);
    at = amp + 1;
    const auto eq = kv.find('=');
    const std::string key = kv.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (key == "security") {
      auto m = parseSecurityMode(value);
      if (!m) return fail(Errc::config, fmt::format("reader URL '{}': security must be afi, eas or both", url));
      out.options.security = *m;
    } else if (key == "model") {
      auto m = tagdata::parseModel(value);
      if (!m)
        return fail(Errc::config, fmt::format("reader URL '{}': model must be iso28560-3 or iso28560-2", url));
      out.options.model = *m;
    } else {
      return fail(Errc::config, fmt::format("reader URL '{}': unknown option '{}' (security, model)", url, key));
    }
  }
  return out;
}

} // namespace

struct PcscReader::Impl {
  std::string url;
  std::string name;
  PcscOptions opt;
  SCARDCONTEXT ctx = 0;
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  bool connected = false;
  std::mutex mutex;  // one exchange at a time: a transparent session is reader-wide state

  ~Impl() {
    disconnect();
    if (ctx) SCardReleaseContext(ctx);
  }

  void disconnect() {
    if (connected) SCardDisconnect(card, SCARD_LEAVE_CARD);
    connected = false;
  }

  /// Connects to the "card" (the reader reports one while a tag is in its field). false: no tag.
  Result<bool> connect() {
    if (connected) return true;
    LONG rv = SCardConnect(ctx, name.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                           &card, &protocol);
    if (rv == SCARD_E_INVALID_HANDLE || rv == SCARD_E_NO_SERVICE) {
      // pcscd restarted since we opened: a fresh context, then one more try.
      SCardReleaseContext(ctx);
      ctx = 0;
      rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx);
      if (rv != SCARD_S_SUCCESS) return pcscError(rv, "connecting to pcscd");
      rv = SCardConnect(ctx, name.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card,
                        &protocol);
    }
    if (rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_REMOVED_CARD || rv == SCARD_W_UNRESPONSIVE_CARD)
      return false;
    if (rv != SCARD_S_SUCCESS) return pcscError(rv, fmt::format("connecting to reader '{}'", name));
    connected = true;
    return true;
  }

  Result<Bytes> transmit(ByteView apdu) {
    std::array<BYTE, 600> rx{};
    for (int attempt = 0; attempt < 2; ++attempt) {
      DWORD rxLen = rx.size();
      const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
      const LONG rv = SCardTransmit(card, pci, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr,
                                    rx.data(), &rxLen);
      if (rv == SCARD_S_SUCCESS) return Bytes(rx.begin(), rx.begin() + rxLen);
      if (!cardGone(rv)) return pcscError(rv, fmt::format("sending to reader '{}'", name));
      // The field emptied (or pcscd reset the card) since we connected: reconnect once.
      disconnect();
      auto present = connect();
      if (!present) return present.error();
      if (!*present) return fail(Errc::notFound, fmt::format("no tag in the field of reader '{}'", name));
    }
    return fail(Errc::io, fmt::format("reader '{}' keeps resetting the card", name));
  }

  Status manage(ByteView apdu, const char* what) {
    auto r = transmit(apdu);
    if (!r) return r.error();
    auto st = p3::parseManage(*r);
    if (!st) return st.error().context(fmt::format("{} on reader '{}'", what, name));
    return {};
  }

  /// Runs `body` inside a transparent session switched to ISO 15693. `emptyField` is what an
  /// empty field means for this operation (an empty inventory, or "tag not found").
  template <typename T, typename F>
  Result<T> session(F&& body, Result<T> emptyField) {
    auto present = connect();
    if (!present) return present.error();
    if (!*present) return emptyField;
    if (auto st = manage(p3::startSession(), "starting the transparent session"); !st) {
      if (st.error().is(Errc::notFound)) return emptyField;
      return st.error();
    }
    Result<T> out = [&]() -> Result<T> {
      if (auto st = manage(p3::switchToIso15693(), "switching to ISO 15693"); !st) return st.error();
      return body();
    }();
    // Always end the session, so the reader's automatic polling resumes for the next client.
    (void)manage(p3::endSession(), "ending the transparent session");
    return out;
  }

  Result<p3::Exchange> exchange(ByteView frame) {
    auto r = transmit(p3::transceive(frame));
    if (!r) return r.error();
    return p3::parseTransceive(*r);
  }

  /// Sends an addressed command; silence means the tag left the field.
  Result<Bytes> addressed(Uid uid, ByteView frame, const char* what) {
    auto ex = exchange(frame);
    if (!ex) return ex.error().context(fmt::format("{} of tag {}", what, uidToString(uid)));
    switch (ex->outcome) {
    case p3::Outcome::answered: {
      auto payload = i5::parsePayload(ex->frame);
      if (!payload) return payload.error().context(fmt::format("{} of tag {}", what, uidToString(uid)));
      return payload;
    }
    case p3::Outcome::silent:
      return fail(Errc::notFound, fmt::format("tag {} did not answer {} (has it left the field?)",
                                              uidToString(uid), what));
    default:
      return fail(Errc::io, fmt::format("tag {}: garbled answer to {} (interference or two tags with one UID)",
                                        uidToString(uid), what));
    }
  }

  /// Binary anticollision with one-slot inventories: a collision under mask M (n bits) is split
  /// into M with bit n = 0 and with bit n = 1, until every tag answers alone.
  Result<std::vector<rfid::TagSeen>> anticollision(std::optional<std::uint8_t> afi) {
    std::vector<std::pair<int, Uid>> todo{{0, 0}};
    std::set<Uid> found;
    int rounds = 0;
    while (!todo.empty()) {
      // 64-bit UIDs bound the tree; this bound only stops a field that keeps garbling answers.
      if (++rounds > 4096) return fail(Errc::io, "inventory did not converge (constant RF noise?)");
      const auto [bits, mask] = todo.back();
      todo.pop_back();
      auto ex = exchange(i5::inventoryRequest(afi, bits, mask));
      if (!ex) return ex.error().context("inventory");
      if (ex->outcome == p3::Outcome::silent) continue;
      if (ex->outcome == p3::Outcome::answered) {
        if (auto inv = i5::parseInventory(ex->frame); inv) {
          found.insert(inv->uid);
          continue;
        }
      }
      if (bits < 64) {
        todo.push_back({bits + 1, mask | (Uid{1} << bits)});
        todo.push_back({bits + 1, mask});
      }
    }
    std::vector<rfid::TagSeen> out;
    for (Uid uid : found) {
      // Byte 2 of an ISO 15693 UID is the manufacturer: 04 is NXP (ICODE family).
      const bool nxp = ((uid >> 48) & 0xFF) == i5::kMfrNxp;
      out.push_back({uidToString(uid), nxp ? rfid::TagType::icodeSlix : rfid::TagType::unknown});
    }
    return out;
  }

  Result<i5::SystemInfo> sysInfo(Uid uid) {
    auto payload = addressed(uid, i5::systemInfoRequest(uid), "GET SYSTEM INFORMATION");
    if (!payload) return payload.error();
    Bytes frame{0x00};
    frame.insert(frame.end(), payload->begin(), payload->end());
    return i5::parseSystemInfo(frame);
  }

  /// EAS of one tag: an addressed EAS ALARM is answered only when EAS is set.
  Result<bool> easOf(Uid uid) {
    auto ex = exchange(i5::nxpRequest(i5::kNxpEasAlarm, uid));
    if (!ex) return ex.error().context("EAS ALARM of tag " + uidToString(uid));
    if (ex->outcome == p3::Outcome::silent) return false;
    if (ex->outcome == p3::Outcome::answered) {
      if (auto p = i5::parsePayload(ex->frame); !p) return p.error().context("EAS ALARM of tag " + uidToString(uid));
      return true;
    }
    return fail(Errc::io, "garbled answer to EAS ALARM of tag " + uidToString(uid));
  }

  Result<rfid::Security> securityOf(Uid uid, const i5::SystemInfo& info) {
    auto byAfi = [&] {
      if (!info.afi) return rfid::Security::unknown;
      if (*info.afi == opt.securedAfi) return rfid::Security::secured;
      if (*info.afi == opt.onLoanAfi) return rfid::Security::unsecured;
      return rfid::Security::unknown;  // e.g. 0x00 from the factory: neither state is proven
    };
    if (opt.security == SecurityMode::afi) return byAfi();
    auto eas = easOf(uid);
    if (!eas) return eas.error();
    const auto e = *eas ? rfid::Security::secured : rfid::Security::unsecured;
    if (opt.security == SecurityMode::eas) return e;
    return byAfi() == e ? e : rfid::Security::unknown;
  }

  Result<Bytes> readMemory(Uid uid, const i5::SystemInfo& info) {
    Bytes memory;
    constexpr int kChunk = 16;  // blocks per READ MULTIPLE: well inside any reader's frame size
    for (int first = 0; first < info.blockCount; first += kChunk) {
      const int count = std::min(kChunk, info.blockCount - first);
      auto data = addressed(uid, i5::readMultipleRequest(uid, first, count), "READ MULTIPLE BLOCKS");
      if (!data) return data.error();
      if (data->size() != static_cast<std::size_t>(count * info.blockSize))
        return fail(Errc::parse, fmt::format("tag {} returned {} bytes for {} blocks of {}", uidToString(uid),
                                             data->size(), count, info.blockSize));
      memory.insert(memory.end(), data->begin(), data->end());
    }
    return memory;
  }

  Result<rfid::TagContents> readTag(Uid uid, std::uint8_t* dsfid) {
    auto info = sysInfo(uid);
    if (!info) return info.error();
    if (info->blockCount == 0 || info->blockSize == 0)
      return fail(Errc::unsupported, "tag " + uidToString(uid) + " does not report its memory size");
    if (dsfid) *dsfid = info->dsfid.value_or(0);
    auto memory = readMemory(uid, *info);
    if (!memory) return memory.error();
    auto sec = securityOf(uid, *info);
    if (!sec) return sec.error();
    const bool nxp = ((uid >> 48) & 0xFF) == i5::kMfrNxp;
    return rfid::TagContents{{uidToString(uid), nxp ? rfid::TagType::icodeSlix : rfid::TagType::unknown},
                             std::move(*memory), *sec};
  }
};

PcscReader::PcscReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PcscReader::~PcscReader() = default;

Result<std::unique_ptr<PcscReader>> PcscReader::open(const std::string& url, PcscOptions options) {
  auto parsed = parseUrl(url, options);
  if (!parsed) return parsed.error();
  auto impl = std::make_unique<Impl>();
  impl->url = url;
  impl->opt = parsed->options;
  LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &impl->ctx);
  if (rv != SCARD_S_SUCCESS) return pcscError(rv, "connecting to pcscd");
  DWORD len = 0;
  rv = SCardListReaders(impl->ctx, nullptr, nullptr, &len);
  std::vector<std::string> names;
  if (rv == SCARD_S_SUCCESS && len > 0) {
    std::string buf(len, '\0');
    rv = SCardListReaders(impl->ctx, nullptr, buf.data(), &len);
    if (rv != SCARD_S_SUCCESS) return pcscError(rv, "listing PC/SC readers");
    for (std::size_t at = 0; at < buf.size() && buf[at] != '\0';) {
      const std::string n(buf.c_str() + at);
      names.push_back(n);
      at += n.size() + 1;
    }
  } else if (rv != SCARD_E_NO_READERS_AVAILABLE && rv != SCARD_S_SUCCESS) {
    return pcscError(rv, "listing PC/SC readers");
  }
  const std::string& want = parsed->reader;
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(want.data(), want.data() + want.size(), index);
  if (ec == std::errc{} && end == want.data() + want.size()) {
    if (index < names.size()) impl->name = names[index];
  } else if (std::find(names.begin(), names.end(), want) != names.end()) {
    impl->name = want;
  }
  if (impl->name.empty()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
    return fail(Errc::notFound, fmt::format("no PC/SC reader '{}' (pcscd lists: {})", want,
                                            list.empty() ? "none" : list));
  }
  return std::unique_ptr<PcscReader>(new PcscReader(std::move(impl)));
}

Status PcscReader::checkUrl(const std::string& url) {
  if (auto parsed = parseUrl(url, {}); !parsed) return parsed.error();
  return {};
}

std::string PcscReader::address() const { return m_impl->url; }
std::string PcscReader::readerName() const { return m_impl->name; }
const PcscOptions& PcscReader::options() const { return m_impl->opt; }

Result<std::vector<rfid::TagSeen>> PcscReader::inventory() {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->session<std::vector<rfid::TagSeen>>([&] { return m_impl->anticollision(std::nullopt); },
                                                     std::vector<rfid::TagSeen>{});
}

Result<std::vector<rfid::TagSeen>> PcscReader::inventoryByAfi(std::uint8_t afi) {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->session<std::vector<rfid::TagSeen>>([&] { return m_impl->anticollision(afi); },
                                                     std::vector<rfid::TagSeen>{});
}

Result<bool> PcscReader::easAlarm() {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->session<bool>(
      [&]() -> Result<bool> {
        auto ex = m_impl->exchange(iso15693::nxpRequest(iso15693::kNxpEasAlarm, std::nullopt));
        if (!ex) return ex.error().context("EAS ALARM");
        // Any energy back is an alarm: a collision means several secured items, not none.
        return ex->outcome != part3::Outcome::silent;
      },
      false);
}

namespace {
Failure noTag(const std::string& uid, const std::string& reader) {
  return fail(Errc::notFound, fmt::format("tag {} is not in the field of reader '{}'", uid, reader));
}
} // namespace

Result<iso15693::SystemInfo> PcscReader::systemInfo(const std::string& uidText) {
  auto uid = uidFromString(uidText);
  if (!uid) return uid.error();
  std::lock_guard lock(m_impl->mutex);
  return m_impl->session<iso15693::SystemInfo>([&] { return m_impl->sysInfo(*uid); },
                                               noTag(uidText, m_impl->name));
}

Result<rfid::TagContents> PcscReader::read(const std::string& uidText) {
  auto uid = uidFromString(uidText);
  if (!uid) return uid.error();
  std::lock_guard lock(m_impl->mutex);
  return m_impl->session<rfid::TagContents>([&] { return m_impl->readTag(*uid, nullptr); },
                                            noTag(uidText, m_impl->name));
}

Result<tagdata::Decoded> PcscReader::readItem(const std::string& uidText) {
  auto uid = uidFromString(uidText);
  if (!uid) return uid.error();
  std::uint8_t dsfid = 0;
  Result<rfid::TagContents> contents = [&] {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->session<rfid::TagContents>([&] { return m_impl->readTag(*uid, &dsfid); },
                                              noTag(uidText, m_impl->name));
  }();
  if (!contents) return contents.error();
  const auto model = m_impl->opt.model ? m_impl->opt.model : modelForDsfid(dsfid);
  auto decoded = tagdata::decode(contents->data, model);
  if (!decoded) return decoded.error().context("tag " + uidText);
  return decoded;
}

namespace {
Status toStatus(Result<std::monostate> r) {
  if (!r) return std::move(r).error();
  return {};
}
} // namespace

Status PcscReader::writeData(const std::string& uidText, ByteView data) {
  auto uid = uidFromString(uidText);
  if (!uid) return uid.error();
  std::lock_guard lock(m_impl->mutex);
  auto& d = *m_impl;
  return toStatus(d.session<std::monostate>(
      [&]() -> Result<std::monostate> {
        auto info = d.sysInfo(*uid);
        if (!info) return info.error();
        const auto capacity = static_cast<std::size_t>(info->blockCount * info->blockSize);
        if (info->blockSize == 0 || data.size() > capacity)
          return fail(Errc::invalidArgument, fmt::format("{} bytes do not fit tag {} ({} bytes of user memory)",
                                                         data.size(), uidText, capacity));
        Bytes padded(data.begin(), data.end());
        padded.resize((padded.size() + info->blockSize - 1) / info->blockSize * info->blockSize, 0);
        const int blocks = static_cast<int>(padded.size()) / info->blockSize;
        Error last(Errc::verifyFailed, "no write attempted");
        for (int attempt = 0; attempt < std::max(1, d.opt.attempts); ++attempt) {
          bool written = true;
          for (int b = 0; b < blocks && written; ++b) {
            const ByteView block(padded.data() + b * info->blockSize, static_cast<std::size_t>(info->blockSize));
            auto r = d.addressed(*uid, i5::writeSingleRequest(*uid, b, block), "WRITE SINGLE BLOCK");
            if (!r) {
              last = r.error().context(fmt::format("writing block {}", b));
              if (r.error().is(Errc::refused)) return last;  // a locked block stays locked: stop
              written = false;
            }
          }
          if (!written) continue;
          // Verify: what counts is what the tag now holds, not what it answered.
          i5::SystemInfo span = *info;
          span.blockCount = blocks;
          auto back = d.readMemory(*uid, span);
          if (back && *back == padded) return std::monostate{};
          last = back ? Error(Errc::verifyFailed, fmt::format("tag {} read back different data", uidText))
                      : back.error();
        }
        return last;
      },
      noTag(uidText, d.name)));
}

Status PcscReader::setSecurity(const std::string& uidText, bool secured) {
  auto uid = uidFromString(uidText);
  if (!uid) return uid.error();
  std::lock_guard lock(m_impl->mutex);
  auto& d = *m_impl;
  const char* state = secured ? "secured" : "unsecured";
  return toStatus(d.session<std::monostate>(
      [&]() -> Result<std::monostate> {
        const int attempts = std::max(1, d.opt.attempts);
        // AFI first, then EAS ("both" mode): each is verified by reading it back before the
        // next, so a failure leaves a state we can report exactly, never a silent half-change.
        if (d.opt.security != SecurityMode::eas) {
          const std::uint8_t want = secured ? d.opt.securedAfi : d.opt.onLoanAfi;
          Error last(Errc::verifyFailed, "no write attempted");
          bool done = false;
          for (int a = 0; a < attempts && !done; ++a) {
            auto w = d.addressed(*uid, i5::writeAfiRequest(*uid, want), "WRITE AFI");
            if (!w) {
              last = w.error();
              if (w.error().is(Errc::notFound)) return last;
              continue;
            }
            auto info = d.sysInfo(*uid);
            if (!info) {
              last = info.error();
              continue;
            }
            if (info->afi == want) {
              done = true;
            } else {
              last = Error(Errc::verifyFailed,
                           fmt::format("tag {} accepted WRITE AFI 0x{:02X} but still reads AFI 0x{:02X}", uidText,
                                       want, info->afi.value_or(0)));
            }
          }
          if (!done)
            return Error(last.code(), fmt::format("tag {} could not be {} by AFI after {} attempts: {}", uidText,
                                                  state, attempts, last.message()));
        }
        if (d.opt.security != SecurityMode::afi) {
          Error last(Errc::verifyFailed, "no write attempted");
          bool done = false;
          for (int a = 0; a < attempts && !done; ++a) {
            auto w = d.addressed(*uid, i5::nxpRequest(secured ? i5::kNxpSetEas : i5::kNxpResetEas, *uid),
                                 secured ? "SET EAS" : "RESET EAS");
            if (!w) {
              last = w.error();
              if (w.error().is(Errc::notFound)) return last;
              continue;
            }
            auto eas = d.easOf(*uid);
            if (!eas) {
              last = eas.error();
            } else if (*eas == secured) {
              done = true;
            } else {
              last = Error(Errc::verifyFailed, fmt::format("tag {} accepted the EAS change but reads back EAS {}",
                                                           uidText, *eas ? "set" : "reset"));
            }
          }
          if (!done)
            return Error(last.code(), fmt::format("tag {} could not be {} by EAS after {} attempts: {}", uidText,
                                                  state, attempts, last.message()));
        }
        return std::monostate{};
      },
      noTag(uidText, d.name)));
}

Result<Bytes> PcscReader::cardUid() {
  std::lock_guard lock(m_impl->mutex);
  auto present = m_impl->connect();
  if (!present) return present.error();
  if (!*present) return fail(Errc::notFound, "no tag in the field of reader '" + m_impl->name + "'");
  auto r = m_impl->transmit(part3::getUid());
  if (!r) return r.error();
  if (r->size() < 2 || (*r)[r->size() - 2] != 0x90)
    return fail(Errc::notFound, "reader found no single tag to report a UID for");
  r->resize(r->size() - 2);
  return r;
}

} // namespace lasis::pcsc
