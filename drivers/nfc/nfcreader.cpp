#include "drivers/nfc/nfcreader.h"

#include "common/rfid/type2layout.h"
#include "drivers/nfc/nfcerror.h"

#include <nfc/nfc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace lasis::drivers {

namespace t2 = rfid::type2;
using rfid::TagType;

namespace {
constexpr nfc_modulation kTypeA{NMT_ISO14443A, NBR_106};
constexpr int kExchangeTimeoutMs = 1000;
constexpr int kMaxTagsInField = 64;  // a bound on the select loop even if a tag misbehaves

bool isType2(TagType t) {
  return t == TagType::ntag213 || t == TagType::ntag215 || t == TagType::ntag216 || t == TagType::ultralight;
}
} // namespace

void NfcReader::ContextDeleter::operator()(nfc_context* c) const { nfc_exit(c); }
void NfcReader::DeviceDeleter::operator()(nfc_device* d) const { nfc_close(d); }

namespace {
/// What libnfc would have written to stderr about an open that failed ("Invalid serial port"),
/// found out again here so that it reaches our log: the serial device's path, checked.
std::string whyNotOpened(const std::string& connstring) {
  const std::string generic = "unplugged, wrong path, or in use by another program?";
  const auto colon = connstring.find(':');
  if (colon == std::string::npos || connstring.compare(0, colon, "pn532_uart") != 0) return generic;
  std::string path = connstring.substr(colon + 1);
  if (auto baud = path.find(':'); baud != std::string::npos) path.resize(baud);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return "no such device " + path + ": unplugged, or a wrong path?";
    return "cannot see " + path + ": " + std::strerror(errno);
  }
  if (!S_ISCHR(st.st_mode)) return path + " is not a serial port";
  if (::access(path.c_str(), R_OK | W_OK) != 0) {
    return "permission denied on " + path + " (the lasis user needs the dialout group)";
  }
  return "the device " + path + " did not answer as a PN532: wrong device, or in use by another program?";
}
} // namespace

NfcReader::NfcReader(std::string connstring, Logger logger) : m_connstring(std::move(connstring)), m_log(std::move(logger)) {}

NfcReader::~NfcReader() {
  m_device.reset();  // close before the context it belongs to
  m_context.reset();
}

Status NfcReader::connect() {
  if (m_device) return {};
  if (!m_context) {
    nfc_context* c = nullptr;
    nfc_init(&c);
    if (!c) return fail(Errc::internal, "libnfc could not initialise (out of memory?)");
    m_context.reset(c);
  }
  nfc_connstring cs{};
  if (m_connstring.size() >= sizeof(cs)) return fail(Errc::invalidArgument, "connstring too long: " + m_connstring);
  std::memcpy(cs, m_connstring.c_str(), m_connstring.size() + 1);
  nfc_device* d = nfc_open(m_context.get(), cs);
  if (!d) return fail(Errc::disconnected, "cannot open RFID reader " + m_connstring + " (" + whyNotOpened(m_connstring) + ")");
  m_device.reset(d);
  if (int res = nfc_initiator_init(d); res < 0) return failure(res, "initialising reader " + m_connstring);
  // One selection attempt per call: an empty field answers "none" instead of waiting forever.
  if (int res = nfc_device_set_property_bool(d, NP_INFINITE_SELECT, false); res < 0)
    return failure(res, "configuring reader " + m_connstring);
  if (m_everConnected) m_log->info("RFID reader {} reconnected", m_connstring);
  else m_log->debug("RFID reader {} connected", m_connstring);
  m_everConnected = true;
  return {};
}

Error NfcReader::failure(int res, const std::string& what) {
  Error e = nfcError(res, what);
  if (isDeviceLoss(res)) {
    // Report at once and drop the handle; the next call reopens it (automatic reconnection).
    m_log->warn("RFID reader {} lost: {}", m_connstring, e.message());
    m_device.reset();
  }
  return e;
}

Status NfcReader::cycleField() {
  // Field off and on: every halted tag powers up again and answers the next selection.
  if (int res = nfc_device_set_property_bool(m_device.get(), NP_ACTIVATE_FIELD, false); res < 0)
    return failure(res, "switching the RF field off");
  if (int res = nfc_device_set_property_bool(m_device.get(), NP_ACTIVATE_FIELD, true); res < 0)
    return failure(res, "switching the RF field on");
  return {};
}

Result<Bytes> NfcReader::transceive(ByteView cmd, const std::string& what) {
  if (!m_device) return fail(Errc::disconnected, what + ": RFID reader " + m_connstring + " is not connected");
  std::array<std::uint8_t, 264> rx{};
  const int res = nfc_initiator_transceive_bytes(m_device.get(), cmd.data(), cmd.size(), rx.data(), rx.size(), kExchangeTimeoutMs);
  if (res < 0) return failure(res, what);
  return Bytes(rx.begin(), rx.begin() + res);
}

Result<TagType> NfcReader::identify(const std::string& uid, std::uint8_t sak, std::uint16_t atqa) {
  if (auto it = m_types.find(uid); it != m_types.end()) return it->second;
  TagType type = TagType::unknown;
  if (sak == 0x08) {
    type = TagType::mifareClassic1k;
  } else if (sak == 0x00 && atqa == 0x0044) {
    // GET_VERSION tells NTAG213/215/216 apart. It must go raw (InCommunicateThru): through
    // InDataExchange a PN532 would take 0x60 for a MIFARE authentication. CRC stays with the chip.
    type = TagType::ultralight;
    if (int res = nfc_device_set_property_bool(m_device.get(), NP_EASY_FRAMING, false); res < 0)
      return failure(res, "preparing GET_VERSION");
    const std::uint8_t getVersion[] = {0x60};
    auto v = transceive(getVersion, "GET_VERSION on tag " + uid);
    if (!m_device) return v.error();  // the reader was lost during GET_VERSION: its handle is closed
    if (int res = nfc_device_set_property_bool(m_device.get(), NP_EASY_FRAMING, true); res < 0)
      return failure(res, "restoring easy framing");
    if (v && v->size() >= 7 && v->at(1) == 0x04) {  // NXP
      if ((*v)[6] == 0x0F) type = TagType::ntag213;
      else if ((*v)[6] == 0x11) type = TagType::ntag215;
      else if ((*v)[6] == 0x13) type = TagType::ntag216;
    } else if (!v && v.error().is(Errc::disconnected)) {
      return v.error();
    }
    // An Ultralight without GET_VERSION NAKs and goes idle; it is still listed, as ultralight.
  }
  m_types[uid] = type;
  return type;
}

Result<std::vector<rfid::TagSeen>> NfcReader::inventory() {
  if (auto s = connect(); !s) return s.error();
  if (auto s = cycleField(); !s) return s.error();
  std::vector<rfid::TagSeen> seen;
  std::set<std::string> now;
  for (int i = 0; i < kMaxTagsInField; ++i) {
    nfc_target nt{};
    const int res = nfc_initiator_select_passive_target(m_device.get(), kTypeA, nullptr, 0, &nt);
    if (res < 0) return failure(res, "listing tags");
    if (res == 0) break;  // nobody left to answer: every tag is listed and halted
    const std::string uid = toHex(ByteView(nt.nti.nai.abtUid, nt.nti.nai.szUidLen));
    if (!now.insert(uid).second) break;  // a tag that does not halt: stop rather than loop
    const std::uint16_t atqa = static_cast<std::uint16_t>(nt.nti.nai.abtAtqa[0] << 8 | nt.nti.nai.abtAtqa[1]);
    auto type = identify(uid, nt.nti.nai.btSak, atqa);
    if (!type) return type.error();
    seen.push_back({uid, *type});
    // Deselect halts the tag, so the next selection finds the next one.
    if (int d = nfc_initiator_deselect_target(m_device.get()); d < 0 && isDeviceLoss(d)) return failure(d, "halting tag " + uid);
  }
  for (const auto& uid : now) {
    if (!m_lastSeen.count(uid)) m_log->debug("tag {} entered the field of {}", uid, m_connstring);
  }
  for (const auto& uid : m_lastSeen) {
    if (!now.count(uid)) m_log->debug("tag {} left the field of {}", uid, m_connstring);
  }
  m_lastSeen = std::move(now);
  return seen;
}

Result<TagType> NfcReader::select(const std::string& uid) {
  if (auto s = connect(); !s) return s.error();
  auto raw = fromHex(uid);
  if (!raw || (raw->size() != 4 && raw->size() != 7 && raw->size() != 10))
    return fail(Errc::invalidArgument, "\"" + uid + "\" is not a tag UID (8, 14 or 20 hex digits)");
  const std::string key = toHex(*raw);
  if (auto s = cycleField(); !s) return s.error();
  nfc_target nt{};
  const int res = nfc_initiator_select_passive_target(m_device.get(), kTypeA, raw->data(), raw->size(), &nt);
  if (res < 0) return failure(res, "selecting tag " + key);
  if (res == 0) return fail(Errc::notFound, "tag " + key + " is not in the field of " + m_connstring);
  const std::uint16_t atqa = static_cast<std::uint16_t>(nt.nti.nai.abtAtqa[0] << 8 | nt.nti.nai.abtAtqa[1]);
  return identify(key, nt.nti.nai.btSak, atqa);
}

void NfcReader::deselect() {
  if (!m_device) return;
  if (int d = nfc_initiator_deselect_target(m_device.get()); d < 0 && isDeviceLoss(d)) (void)failure(d, "halting a tag");
}

Result<Bytes> NfcReader::fastRead(int firstPage, std::size_t bytes, const std::string& uid) {
  // Raw (InCommunicateThru), as GET_VERSION: through InDataExchange the chip would not pass 0x3A
  // on as it is. At most 60 pages an exchange, well inside a PN532 frame.
  constexpr int kMaxPages = 60;
  const int lastPage = firstPage + static_cast<int>((bytes + 3) / 4) - 1;
  if (int res = nfc_device_set_property_bool(m_device.get(), NP_EASY_FRAMING, false); res < 0)
    return failure(res, "preparing FAST_READ");
  Bytes out;
  Status ok;
  for (int from = firstPage; from <= lastPage && ok; from += kMaxPages) {
    const int to = std::min(lastPage, from + kMaxPages - 1);
    const std::uint8_t cmd[] = {0x3A, static_cast<std::uint8_t>(from), static_cast<std::uint8_t>(to)};
    auto r = transceive(cmd, "fast-reading pages " + std::to_string(from) + "-" + std::to_string(to) + " of tag " + uid);
    if (!r) ok = r.error();
    else if (r->size() < static_cast<std::size_t>(to - from + 1) * 4)
      ok = fail(Errc::truncated, "tag " + uid + " answered FAST_READ with " + std::to_string(r->size()) + " bytes");
    else out.insert(out.end(), r->begin(), r->begin() + (to - from + 1) * 4);
  }
  if (!m_device) return ok.error();  // the reader was lost: its handle is closed
  if (int res = nfc_device_set_property_bool(m_device.get(), NP_EASY_FRAMING, true); res < 0)
    return failure(res, "restoring easy framing");
  if (!ok) return ok.error();
  out.resize(bytes);
  return out;
}

Result<Bytes> NfcReader::readPages(int firstPage, std::size_t bytes, const std::string& uid) {
  if (auto it = m_types.find(uid); bytes > 16 && it != m_types.end() &&
                                   (it->second == TagType::ntag213 || it->second == TagType::ntag215 ||
                                    it->second == TagType::ntag216)) {
    auto fast = fastRead(firstPage, bytes, uid);
    // A tag that refuses FAST_READ (a NAK) is read page by page below; a lost reader is not.
    if (fast || !m_device || fast.error().is(Errc::disconnected) || fast.error().is(Errc::notFound)) return fast;
    m_log->debug("tag {}: FAST_READ refused ({}); reading page by page", uid, fast.error().message());
  }
  Bytes out;
  for (int page = firstPage; out.size() < bytes; page += 4) {
    const std::uint8_t cmd[] = {0x30, static_cast<std::uint8_t>(page)};
    auto r = transceive(cmd, "reading page " + std::to_string(page) + " of tag " + uid);
    if (!r) return r.error();
    if (r->size() < 16) return fail(Errc::truncated, "tag " + uid + " answered READ with " + std::to_string(r->size()) + " bytes");
    out.insert(out.end(), r->begin(), r->begin() + 16);
  }
  out.resize(bytes);
  return out;
}

Status NfcReader::writePage(int page, ByteView four, const std::string& uid) {
  const std::uint8_t cmd[] = {0xA2, static_cast<std::uint8_t>(page), four[0], four[1], four[2], four[3]};
  auto r = transceive(cmd, "writing page " + std::to_string(page) + " of tag " + uid);
  if (!r) return r.error();
  return {};
}

Result<rfid::TagContents> NfcReader::readOnce(const std::string& uid) {
  auto type = select(uid);
  if (!type) return type.error();
  rfid::TagContents c;
  c.tag = {toHex(*fromHex(uid)), *type};
  if (*type == TagType::mifareClassic1k) {
    // Patron data in sector 1 under the transport key (see type2layout.h); another key means
    // the card is known by its UID alone, which is not an error.
    const Bytes raw = *fromHex(c.tag.uid);
    Bytes auth{0x60, static_cast<std::uint8_t>(t2::kClassicFirstBlock)};
    auth.insert(auth.end(), t2::kClassicKeyA.begin(), t2::kClassicKeyA.end());
    auth.insert(auth.end(), raw.end() - 4, raw.end());
    auto a = transceive(auth, "authenticating card " + c.tag.uid);
    if (!a) {
      if (a.error().is(Errc::disconnected)) return a.error();
      deselect();
      return c;
    }
    for (int b = 0; b < t2::kClassicBlocks; ++b) {
      const std::uint8_t cmd[] = {0x30, static_cast<std::uint8_t>(t2::kClassicFirstBlock + b)};
      auto r = transceive(cmd, "reading block " + std::to_string(t2::kClassicFirstBlock + b) + " of card " + c.tag.uid);
      if (!r) return r.error();
      c.data.insert(c.data.end(), r->begin(), r->end());
    }
    deselect();
    return c;
  }
  if (!isType2(*type)) {
    deselect();
    return c;  // a tag we cannot read: listed by UID only
  }
  const std::size_t area = t2::dataAreaBytes(*type);
  // Three READs cover the header and the first 44 data bytes: a basic ISO 28560-3 block and
  // its end marker. Read on only when the data says it continues (extension blocks, -2 data).
  auto first = readPages(t2::kHeaderPage, std::min<std::size_t>(48, area + 4), c.tag.uid);
  if (!first) return first.error();
  const auto header = t2::parseHeader(ByteView(*first).first(4));
  c.security = header.security;
  c.data.assign(first->begin() + 4, first->end());
  const auto extent = t2::iso3Extent(c.data);
  if (!extent && c.data.size() < area) {
    auto rest = readPages(t2::kHeaderPage + 12, area - c.data.size(), c.tag.uid);
    if (!rest) return rest.error();
    c.data.insert(c.data.end(), rest->begin(), rest->end());
  } else if (extent && *extent < c.data.size()) {
    c.data.resize(*extent);
  }
  deselect();
  return c;
}

Result<rfid::TagContents> NfcReader::read(const std::string& uid) {
  Error last;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto r = readOnce(uid);
    if (r) return r;
    last = r.error();
    if (last.is(Errc::disconnected) || last.is(Errc::invalidArgument)) break;
    m_log->debug("reading tag {} failed (attempt {}): {}", uid, attempt, last.message());
  }
  return last;
}

Status NfcReader::writeOnce(const std::string& uid, ByteView data) {
  auto type = select(uid);
  if (!type) return type.error();
  if (!isType2(*type))
    return fail(Errc::unsupported, "tag " + uid + " is a " + std::string(rfid::toString(*type)) + "; item data goes on NTAG/Ultralight tags");
  const std::size_t area = t2::dataAreaBytes(*type);
  if (data.size() > area)
    return fail(Errc::invalidArgument, std::to_string(data.size()) + " bytes do not fit the " + std::to_string(area) + "-byte data area of tag " + uid);
  auto head = readPages(t2::kHeaderPage, 4, uid);
  if (!head) return head.error();
  Bytes padded(data.begin(), data.end());
  padded.resize((padded.size() + 3) / 4 * 4, 0);
  for (std::size_t i = 0; i < padded.size(); i += 4) {
    if (auto s = writePage(t2::kDataPage + static_cast<int>(i / 4), ByteView(padded).subspan(i, 4), uid); !s) return s;
  }
  auto back = readPages(t2::kDataPage, padded.size(), uid);
  if (!back) return back.error();
  if (*back != padded) return fail(Errc::verifyFailed, "tag " + uid + " read back different data after the write");
  // The header goes last on a new tag: a tag pulled away mid-programming reads as foreign,
  // never as a library item with half its data. A new tag starts secured (in the library).
  if (!t2::parseHeader(*head).library) {
    const auto h = t2::headerPage(true);
    if (auto s = writePage(t2::kHeaderPage, h, uid); !s) return s;
    auto hb = readPages(t2::kHeaderPage, 4, uid);
    if (!hb) return hb.error();
    if (!std::equal(h.begin(), h.end(), hb->begin())) return fail(Errc::verifyFailed, "tag " + uid + " did not keep its Lasis header");
  }
  deselect();
  return {};
}

Status NfcReader::writeData(const std::string& uid, ByteView data) {
  Error last;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto s = writeOnce(uid, data);
    if (s) return s;
    last = s.error();
    if (last.is(Errc::disconnected) || last.is(Errc::invalidArgument) || last.is(Errc::unsupported)) return last;
    m_log->warn("writing tag {} failed (attempt {} of {}): {}", uid, attempt, kAttempts, last.message());
  }
  return last.context("writing tag " + uid + " failed after " + std::to_string(kAttempts) + " attempts");
}

Status NfcReader::securityOnce(const std::string& uid, bool secured) {
  auto type = select(uid);
  if (!type) return type.error();
  if (!isType2(*type)) return fail(Errc::unsupported, "tag " + uid + " (" + std::string(rfid::toString(*type)) + ") has no security state");
  auto head = readPages(t2::kHeaderPage, 4, uid);
  if (!head) return head.error();
  if (!t2::parseHeader(*head).library)
    return fail(Errc::unsupported, "tag " + uid + " carries no Lasis data (blank or foreign); program it with `lasis reader write` first");
  const auto h = t2::headerPage(secured);
  // One page, one WRITE: the tag commits it whole, so it is never half secured.
  if (!std::equal(h.begin(), h.end(), head->begin())) {
    if (auto s = writePage(t2::kHeaderPage, h, uid); !s) return s;
  }
  auto back = readPages(t2::kHeaderPage, 4, uid);
  if (!back) return back.error();
  if (!std::equal(h.begin(), h.end(), back->begin()))
    return fail(Errc::verifyFailed, "tag " + uid + " did not keep its new security state");
  deselect();
  return {};
}

Status NfcReader::setSecurity(const std::string& uid, bool secured) {
  Error last;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto s = securityOnce(uid, secured);
    if (s) return s;
    last = s.error();
    if (last.is(Errc::disconnected) || last.is(Errc::invalidArgument) || last.is(Errc::unsupported)) return last;
    m_log->warn("{} tag {} failed (attempt {} of {}): {}", secured ? "securing" : "unsecuring", uid, attempt, kAttempts, last.message());
  }
  return last.context(std::string(secured ? "securing" : "unsecuring") + " tag " + uid + " failed after " + std::to_string(kAttempts) + " attempts");
}

} // namespace lasis::drivers
