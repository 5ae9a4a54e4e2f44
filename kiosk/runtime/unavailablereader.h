#pragma once
// The pad of a kiosk started with `--reader none`: no RFID reader is attached, so every reader
// call says so plainly (login by card number, account, renewals and holds still work). Not a
// fake: it never pretends a tag is there.

#include "common/rfid/tagreader.h"

namespace lasis::kiosk {

/// A TagReader for "no reader configured".
class UnavailableReader final : public rfid::TagReader {
public:
  std::string address() const override { return "none"; }
  Result<std::vector<rfid::TagSeen>> inventory() override { return missing(); }
  Result<rfid::TagContents> read(const std::string&) override { return missing(); }
  Status writeData(const std::string&, ByteView) override { return missing(); }
  Status setSecurity(const std::string&, bool) override { return missing(); }

private:
  static Failure missing() {
    return fail(Errc::unavailable, "no RFID reader is configured (reader.url / --reader): items cannot be read");
  }
};

} // namespace lasis::kiosk
