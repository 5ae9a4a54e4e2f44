#pragma once
// Result<T>: a value or an Error, in the shape of C++23 std::expected (GCC 12 in C++20 mode
// does not offer it). Small on purpose; when the project moves to C++23 this becomes an alias.

#include "common/core/error.h"

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace lasis {

/// Wraps an Error so that `return fail(...)` converts to any Result<T>.
struct Failure {
  Error error;
};
inline Failure fail(Errc code, std::string message) { return Failure{Error(code, std::move(message))}; }
inline Failure fail(Error error) { return Failure{std::move(error)}; }

/// A value of type T, or the Error that prevented it.
template <typename T>
class [[nodiscard]] Result {
public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
  Result(Failure f) : m_v(std::in_place_index<1>, std::move(f.error)) {}
  Result(Error e) : m_v(std::in_place_index<1>, std::move(e)) {}

  bool ok() const noexcept { return m_v.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(m_v); }
  const T& value() const& { assert(ok()); return std::get<0>(m_v); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T valueOr(T fallback) const { return ok() ? std::get<0>(m_v) : std::move(fallback); }

  const Error& error() const& { assert(!ok()); return std::get<1>(m_v); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(m_v)); }

private:
  std::variant<T, Error> m_v;
};

/// Success-or-Error for operations with no value.
template <>
class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Failure f) : m_error(std::move(f.error)) {}
  Result(Error e) : m_error(std::move(e)) {}

  bool ok() const noexcept { return !m_error.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const& { assert(!ok()); return *m_error; }
  Error&& error() && { assert(!ok()); return std::move(*m_error); }

private:
  std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace lasis
