#include "drivers/modbus/modbusurl.h"

#include <charconv>

namespace lasis::modbus {

namespace {

Result<long> number(std::string_view url, std::string_view what, std::string_view text, long min, long max) {
  long v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < min || v > max) {
    return fail(Errc::invalidArgument, "Modbus URL '" + std::string(url) + "': " + std::string(what) + " must be " +
                                           std::to_string(min) + "–" + std::to_string(max) + ", not '" +
                                           std::string(text) + "'");
  }
  return v;
}

} // namespace

std::string ModbusUrl::text() const {
  if (transport == Transport::tcp) {
    return "modbus-tcp://" + host + ":" + std::to_string(port) + "?unit=" + std::to_string(unit);
  }
  return "modbus-rtu://" + device + "?baud=" + std::to_string(baud) + "&unit=" + std::to_string(unit) +
         "&parity=" + std::string(1, parity) + "&data=" + std::to_string(dataBits) + "&stop=" +
         std::to_string(stopBits);
}

Result<ModbusUrl> parseModbusUrl(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return fail(Errc::invalidArgument, "Modbus URL '" + std::string(url) + "': " + why +
                                           " (expected modbus-tcp://HOST:PORT?unit=1 or "
                                           "modbus-rtu:///dev/ttyS1?baud=19200&unit=1&parity=N)");
  };
  ModbusUrl u;
  std::string_view rest;
  if (url.starts_with("modbus-tcp://")) {
    u.transport = ModbusUrl::Transport::tcp;
    rest = url.substr(13);
  } else if (url.starts_with("modbus-rtu://")) {
    u.transport = ModbusUrl::Transport::rtu;
    rest = url.substr(13);
  } else {
    return bad("unknown scheme");
  }
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (u.transport == ModbusUrl::Transport::tcp) {
    std::string_view hostPart = rest;
    if (auto slash = hostPart.find('/'); slash != std::string_view::npos) {
      if (slash + 1 != hostPart.size()) return bad("a TCP URL has no path");
      hostPart = hostPart.substr(0, slash);
    }
    std::string_view portText;
    if (hostPart.starts_with('[')) {  // [IPv6]:port
      auto close = hostPart.find(']');
      if (close == std::string_view::npos) return bad("unclosed '['");
      u.host = std::string(hostPart.substr(1, close - 1));
      auto after = hostPart.substr(close + 1);
      if (!after.empty()) {
        if (after[0] != ':') return bad("junk after ']'");
        portText = after.substr(1);
      }
    } else if (auto colon = hostPart.rfind(':'); colon != std::string_view::npos) {
      u.host = std::string(hostPart.substr(0, colon));
      portText = hostPart.substr(colon + 1);
    } else {
      u.host = std::string(hostPart);
    }
    if (u.host.empty()) return bad("missing host");
    if (!portText.empty()) {
      auto p = number(url, "port", portText, 1, 65535);
      if (!p) return p.error();
      u.port = static_cast<std::uint16_t>(*p);
    }
  } else {
    if (!rest.starts_with('/')) return bad("an RTU URL needs a device path, e.g. modbus-rtu:///dev/ttyS1");
    u.device = std::string(rest);
  }
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) return bad("option '" + std::string(pair) + "' has no value");
    auto key = pair.substr(0, eq);
    auto value = pair.substr(eq + 1);
    const bool rtu = u.transport == ModbusUrl::Transport::rtu;
    if (key == "unit") {
      auto v = number(url, "unit", value, 0, 247);
      if (!v) return v.error();
      u.unit = static_cast<int>(*v);
    } else if (rtu && key == "baud") {
      auto v = number(url, "baud", value, 300, 4'000'000);
      if (!v) return v.error();
      u.baud = static_cast<int>(*v);
    } else if (rtu && key == "parity") {
      if (value != "N" && value != "E" && value != "O") return bad("parity must be N, E or O");
      u.parity = value[0];
    } else if (rtu && key == "data") {
      auto v = number(url, "data bits", value, 7, 8);
      if (!v) return v.error();
      u.dataBits = static_cast<int>(*v);
    } else if (rtu && key == "stop") {
      auto v = number(url, "stop bits", value, 1, 2);
      if (!v) return v.error();
      u.stopBits = static_cast<int>(*v);
    } else {
      return bad("unknown option '" + std::string(key) + "'");
    }
  }
  return u;
}

} // namespace lasis::modbus
