#pragma once
// The one place Lasis includes Boost.Asio. Debian 12's Boost 1.74 uses std::exchange in
// <boost/asio/awaitable.hpp> without including <utility>, which GCC 12 in C++20 mode rejects;
// including <utility> first fixes it for every translation unit that comes through here.
// Include this header, never <boost/asio.hpp> directly.

#include <utility>

#include <boost/asio.hpp>
