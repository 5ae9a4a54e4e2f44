// lasis-fleet: the library network's view. Subscribes to every kiosk's and gate's state and
// events on the network's MQTT broker, keeps them in SQLite, writes Prometheus target files, and
// serves the dashboard (behind a login) with its JSON API and live feed; signs the commands a
// logged-in user sends (docs/fleet.md, "lasis-fleet").
#include "common/cli/clidoc.h"
#include "common/core/asio.h"
#include "common/core/buildinfo.h"
#include "common/core/log.h"
#include "fleet/dashboardserver.h"
#include "fleet/fleetservice.h"
#include "fleet/serviceconfig.h"
#include "fleet/userfile.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>

using namespace lasis;

int main(int argc, char** argv) {
  if (printVersionIfAsked(argc, argv, "lasis-fleet", {})) return 0;
  CLI::App app{"lasis-fleet: the library network's dashboard service (MQTT state and events, SQLite history, "
               "web dashboard, signed commands, Prometheus targets)\n"
               "  e.g. lasis-fleet --config /etc/lasis/fleet.toml\n"
               "  e.g. lasis-fleet --config /etc/lasis/fleet.toml --add-user anna < password.txt"};
  std::string configPath = "/etc/lasis/fleet.toml";
  std::string addUser;
  bool checkConfig = false;
  app.add_option("--config", configPath, "configuration file (TOML)")->capture_default_str();
  app.add_option("--add-user", addUser,
                 "add a dashboard user (or set a new password): reads the password from the first line of stdin, "
                 "writes its Argon2id hash to http.users_file, and exits");
  app.add_flag("--check-config", checkConfig, "check --config and exit: 0 if the service would start, 1 with the reasons");
  app.add_flag("--version")->description("print the version, git commit and build date and exit (--json: as JSON)");
  if (auto rc = clidoc::generateIfAsked(app, argc, argv, "lasis-fleet")) return *rc;
  CLI11_PARSE(app, argc, argv);

  auto cfg = fleetsvc::loadServiceConfig(configPath);
  if (!cfg) {
    std::fprintf(stderr, "lasis-fleet: %s\n", cfg.error().message().c_str());
    return 1;
  }
  if (!addUser.empty()) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (auto st = fleetsvc::UserFile::setPassword(cfg->usersFile, addUser, password); !st) {
      std::fprintf(stderr, "lasis-fleet: --add-user: %s\n", st.error().message().c_str());
      return 1;
    }
    std::printf("%s: %s's password set\n", cfg->usersFile.c_str(), addUser.c_str());
    return 0;
  }
  auto users = fleetsvc::UserFile::read(cfg->usersFile);
  if (!users) {
    std::fprintf(stderr, "lasis-fleet: %s\n", users.error().message().c_str());
    return 1;
  }
  if (checkConfig) {
    std::printf("%s: ok (%zu users)\n", configPath.c_str(), users->size());
    return 0;
  }

  auto log = makeLogger("fleet");
  if (users->size() == 0)
    log->warn("fleet: no users in {}: nobody can log in (lasis-fleet --add-user NAME)", cfg->usersFile);
  boost::asio::io_context ioc;
  auto service = fleetsvc::FleetService::start(ioc, *cfg, log);
  if (!service) {
    std::fprintf(stderr, "lasis-fleet: %s\n", service.error().message().c_str());
    return 1;
  }
  auto server = fleetsvc::DashboardServer::start(ioc, cfg->listen, std::move(*users), **service, log);
  if (!server) {
    std::fprintf(stderr, "lasis-fleet: %s\n", server.error().message().c_str());
    return 1;
  }
  // SIGHUP: the users file again (after --add-user), swapped in only when it reads whole.
  boost::asio::signal_set hup(ioc, SIGHUP);
  std::function<void()> waitHup = [&] {
    hup.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      if (auto again = fleetsvc::UserFile::read(cfg->usersFile)) {
        log->info("fleet: {} users from {}", again->size(), cfg->usersFile);
        (*server)->setUsers(std::move(*again));
      } else {
        log->error("fleet: users file not reloaded, the old one stays: {}", again.error().message());
      }
      waitHup();
    });
  };
  waitHup();
  boost::asio::signal_set term(ioc, SIGTERM, SIGINT);
  term.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    hup.cancel();
    ioc.stop();
  });
  // Scripts and tests wait for this line.
  std::cout << nlohmann::json{{"daemon", "lasis-fleet"}, {"http", (*server)->url()}}.dump() << std::endl;
  log->info("fleet: dashboard on {}", (*server)->url());
  ioc.run();
  server->reset();
  service->reset();
  return 0;
}
