#include "common/core/error.h"

namespace lasis {
namespace {

class LasisCategory final : public std::error_category {
public:
  const char* name() const noexcept override { return "lasis"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
    case Errc::ok: return "ok";
    case Errc::invalidArgument: return "invalid argument";
    case Errc::parse: return "malformed data";
    case Errc::checksum: return "checksum mismatch";
    case Errc::truncated: return "data truncated";
    case Errc::unsupported: return "not supported";
    case Errc::notFound: return "not found";
    case Errc::io: return "input/output error";
    case Errc::timeout: return "timed out";
    case Errc::disconnected: return "disconnected";
    case Errc::refused: return "refused";
    case Errc::unavailable: return "service unavailable";
    case Errc::corrupt: return "stored data corrupt";
    case Errc::verifyFailed: return "write not confirmed by read-back";
    case Errc::config: return "configuration error";
    case Errc::busy: return "busy";
    case Errc::noSpace: return "no space left";
    case Errc::internal: return "internal error";
    }
    return "unknown error";
  }
};

} // namespace

const std::error_category& lasisCategory() noexcept {
  static const LasisCategory category;
  return category;
}

std::string Error::describe() const {
  if (!m_code) return m_message.empty() ? "ok" : m_message;
  return m_message + " (" + m_code.message() + ")";
}

} // namespace lasis
