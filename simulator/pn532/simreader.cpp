#include "simulator/pn532/simreader.h"

#include "common/rfid/type2layout.h"
#include "common/tagdata/tagdata.h"
#include "simulator/control/controlargs.h"
#include "simulator/pn532/tagfactory.h"

#include <fstream>

namespace lasis::sim {

namespace {
Json error(const std::string& why) { return {{"ok", false}, {"error", why}}; }

std::string stateName(SimTag::State s) {
  switch (s) {
  case SimTag::State::idle: return "idle";
  case SimTag::State::active: return "active";
  case SimTag::State::halted: return "halted";
  }
  return "idle";
}
} // namespace

Result<std::unique_ptr<SimReader>> SimReader::open(boost::asio::io_context& io, const std::string& link) {
  auto port = PtyReader::open(io, link);
  if (!port) return port.error();
  return std::unique_ptr<SimReader>(new SimReader(io, std::move(*port)));
}

SimReader::SimReader(boost::asio::io_context& io, std::unique_ptr<PtyReader> port) : m_io(io), m_port(std::move(port)) {}

Json SimReader::control(const Json& r) {
  auto cmdField = textField(r, "cmd");
  if (!cmdField) return error(cmdField.error().message());
  const std::string cmd = *cmdField;
  if (cmd == "place") return place(r);
  if (cmd == "remove") {
    auto uidField = textField(r, "uid");
    if (!uidField) return error("remove: " + uidField.error().message());
    const std::string uid = *uidField;
    auto hex = fromHex(uid);
    if (!hex) return error("remove: bad uid: " + hex.error().message());
    if (!m_port->chip().remove(toHex(*hex))) return error("remove: no tag " + uid + " on this reader");
    return {{"ok", true}};
  }
  if (cmd == "clear") {
    m_port->chip().tags().clear();
    return {{"ok", true}};
  }
  if (cmd == "list") return list();
  if (cmd == "fault") return fault(r);
  if (cmd == "unplug") {
    if (r.contains("on_command")) {  // later: pulled as the host sends this PN532 command
      auto code = intField(r, "on_command", 0, 0, 255);
      if (!code) return error("unplug: " + code.error().message());
      m_port->chip().unplugOnCommand(static_cast<std::uint8_t>(*code));
      return {{"ok", true}};
    }
    m_port->unplug();
    return {{"ok", true}};
  }
  if (cmd == "replug") {
    if (auto s = m_port->replug(); !s) return error(s.error().describe());
    return {{"ok", true}, {"connstring", m_port->connstring()}};
  }
  if (cmd == "slow") {
    auto us = intField(r, "us_per_byte", 0, 0, 1'000'000);
    if (!us) return error("slow: " + us.error().message());
    m_port->setSlowBytes(std::chrono::microseconds(*us));
    return {{"ok", true}};
  }
  if (cmd == "uart-timing") {
    auto on = boolField(r, "on", true);
    if (!on) return error("uart-timing: " + on.error().message());
    m_port->setUartTiming(*on);
    return {{"ok", true}};
  }
  if (cmd == "stats") {
    const auto& s = m_port->chip().stats();
    return {{"ok", true}, {"bytes_in", s.bytesIn}, {"bytes_out", s.bytesOut}, {"frames", s.frames}};
  }
  if (cmd == "reset-stats") {
    m_port->chip().resetStats();
    return {{"ok", true}};
  }
  if (cmd == "status") {
    return {{"ok", true}, {"plugged", m_port->plugged()}, {"connstring", m_port->connstring()},
            {"uart_timing", m_port->uartTiming()}, {"tags", m_port->chip().tags().size()}};
  }
  return error("unknown command \"" + cmd + "\" (place, remove, clear, list, fault, unplug, replug, slow, uart-timing, stats, reset-stats, status)");
}

Json SimReader::place(const Json& r) {
  auto kindText = textField(r, "kind", "ntag213");
  auto uidText = textField(r, "uid");
  auto item = textField(r, "item");
  auto patron = textField(r, "patron");
  auto owner = textField(r, "owner");
  auto secured = boolField(r, "secured", true);
  auto parts = intField(r, "parts", 1, 0, 255);  // 0 and ordinal > parts: damaged tags on purpose
  auto ordinal = intField(r, "ordinal", 1, 0, 255);
  for (const auto* e : {kindText ? nullptr : &kindText.error(), uidText ? nullptr : &uidText.error(),
                        item ? nullptr : &item.error(), patron ? nullptr : &patron.error(),
                        owner ? nullptr : &owner.error(), secured ? nullptr : &secured.error(),
                        parts ? nullptr : &parts.error(), ordinal ? nullptr : &ordinal.error()})
    if (e) return error("place: " + e->message());
  const auto kind = rfid::tagTypeFromString(*kindText);
  if (!kind) return error("place: unknown kind \"" + *kindText + "\" (ntag213, ntag215, ntag216, mfc1k)");
  auto uid = fromHex(*uidText);
  if (!uid) return error("place: bad uid: " + uid.error().message());
  Result<SimTag> tag = fail(Errc::internal, "unset");
  if (r.contains("item")) {
    tag = TagFactory::item(*kind, *uid, *item, *secured, static_cast<int>(*parts), static_cast<int>(*ordinal), *owner);
  } else if (r.contains("patron")) {
    tag = TagFactory::patron(*kind, *uid, *patron);
  } else {
    tag = TagFactory::blank(*kind, *uid);
  }
  if (!tag) return error("place: " + tag.error().message());
  m_port->chip().place(std::move(*tag));
  m_port->kick();  // a waiting InAutoPoll sees it now
  return {{"ok", true}, {"uid", toHex(*uid)}};
}

Json SimReader::list() {
  Json tags = Json::array();
  for (const auto& t : m_port->chip().tags()) {
    Json j{{"uid", t.uidHex()}, {"kind", std::string(rfid::toString(t.kind()))}, {"state", stateName(t.state())},
           {"memory", toHex(t.memory())}};
    ByteView mem(t.memory());
    ByteView data;
    if (t.isType2()) {
      const auto h = rfid::type2::parseHeader(mem.subspan(rfid::type2::kHeaderPage * 4, 4));
      j["security"] = h.library ? std::string(rfid::toString(h.security)) : "foreign";
      data = mem.subspan(rfid::type2::kDataPage * 4, rfid::type2::dataAreaBytes(t.kind()));
    } else {
      j["security"] = "n/a";
      data = mem.subspan(rfid::type2::kClassicFirstBlock * 16, rfid::type2::kClassicBlocks * 16);
    }
    if (auto d = tagdata::decode(data); d) {
      j[d->item.usage == tagdata::usage::patronCard ? "patron_id" : "item_id"] = d->item.itemId;
    }
    const auto& f = t.faults();
    j["faults"] = {{"write_fails", f.writeFails}, {"flaky_reads", f.flakyReads}, {"remove_after_writes", f.removeAfterWrites}};
    tags.push_back(std::move(j));
  }
  return {{"ok", true}, {"tags", tags}};
}

Json SimReader::fault(const Json& r) {
  auto uidText = textField(r, "uid");
  auto faultName = textField(r, "fault");
  // remove-mid-write counts writes before the tag goes (0: at the first); flaky-reads counts reads.
  auto count = intField(r, "count", -1, 0, 1'000'000);
  for (const auto* e : {uidText ? nullptr : &uidText.error(), faultName ? nullptr : &faultName.error(),
                        count ? nullptr : &count.error()})
    if (e) return error("fault: " + e->message());
  auto uid = fromHex(*uidText);
  if (!uid) return error("fault: bad uid: " + uid.error().message());
  SimTag* t = m_port->chip().findTag(toHex(*uid));
  if (!t) return error("fault: no tag " + *uidText + " on this reader");
  const std::string f = *faultName;
  if (f == "write-fails") t->faults().writeFails = true;
  else if (f == "flaky-reads") t->faults().flakyReads = static_cast<int>(*count < 0 ? 1 : *count);
  else if (f == "remove-mid-write") t->faults().removeAfterWrites = static_cast<int>(*count < 0 ? 0 : *count);
  else if (f == "none") t->faults() = {};
  else return error("fault: unknown fault \"" + f + "\" (write-fails, flaky-reads, remove-mid-write, none)");
  return {{"ok", true}};
}

Status SimReader::loadScenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(Errc::notFound, "cannot open scenario " + path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') continue;
    Json req = Json::parse(line, nullptr, false);
    if (req.is_discarded() || !req.is_object() || !req.contains("cmd"))
      return fail(Errc::parse, path + ":" + std::to_string(n) + ": expected one JSON object with \"cmd\"");
    auto at = intField(req, "at_ms", 0, 0, 86'400'000);
    if (!at) return fail(Errc::parse, path + ":" + std::to_string(n) + ": " + at.error().message());
    auto timer = std::make_shared<boost::asio::steady_timer>(m_io, std::chrono::milliseconds(*at));
    std::weak_ptr<int> alive = m_alive;
    timer->async_wait([this, alive, timer, req, where = path + ":" + std::to_string(n)](boost::system::error_code ec) {
      if (ec || alive.expired()) return;
      const Json reply = control(req);
      if (!reply.value("ok", false)) std::fprintf(stderr, "lasis-sim reader: %s: %s\n", where.c_str(), reply.dump().c_str());
    });
  }
  return {};
}

} // namespace lasis::sim
