#pragma once
// lasis-fleet's HTTP side (Boost.Beast): the dashboard page, its JSON API, the live feed as
// Server-Sent Events, and the login in front of all of them.
//   POST /login {"user","password"} → a session cookie (random 256 bits, HttpOnly, SameSite=Strict,
//        12 hours); a wrong password is 401 and a log line naming the user and address, never the
//        password; 5 failures from one address within 5 minutes → 429 until the window passes.
//        Passwords are checked (Argon2id: ~1 s and 256 MiB each) one at a time on a worker thread.
//   GET / (the page), GET /api/devices, /api/events?branch=&device=&type=&limit=, /api/counts,
//   GET /api/live (text/event-stream: "device" and "event" messages), POST /api/command,
//   POST /logout: all need the cookie; without it 401.
// One request per connection (the page's fetches are few), except the live feed, which stays open.

#include "common/core/asio.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "fleet/fleetservice.h"
#include "fleet/userfile.h"

#include <memory>
#include <string>

namespace lasis::fleetsvc {

/// The dashboard's HTTP server (see the file comment).
class DashboardServer {
public:
  /// Listens on "HOST:PORT" (port 0: any free port). Runs on `io`'s thread.
  static Result<std::unique_ptr<DashboardServer>> start(boost::asio::io_context& io, const std::string& listen,
                                                        UserFile users, FleetService& service, Logger log);
  ~DashboardServer();
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;
  /// "http://HOST:PORT".
  std::string url() const;
  /// Replaces the users (SIGHUP after --add-user); sessions already open stay.
  void setUsers(UserFile users);

  struct Impl;

private:
  explicit DashboardServer(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<Impl> m_impl;
};

/// The dashboard page and the login page (self-contained HTML, CSS and JS: no CDN).
const std::string& dashboardPage();
const std::string& loginPage();

} // namespace lasis::fleetsvc
