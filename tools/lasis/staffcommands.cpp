// lasis staff hash-pin: makes the staff PIN hash for [staff] pin_hash_file. The PIN is read from
// standard input (never the command line, which `ps` shows) and never echoed.
#include "tools/lasis/commands.h"
#include "kiosk/staff/staffauth.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

namespace lasis::cli {

namespace {

std::string readPin() {
  termios old{};
  const bool tty = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    std::fprintf(stderr, "staff PIN (6 digits or more): ");
    termios quiet = old;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string pin;
  std::getline(std::cin, pin);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
  return pin;
}

} // namespace

void addStaffCommands(CLI::App& app, int& exitCode) {
  auto* staff = app.add_subcommand("staff", "The kiosk's staff access");
  staff->require_subcommand(1);
  auto* hash = staff->add_subcommand("hash-pin",
                                     "Read a staff PIN from stdin, print its Argon2id hash for [staff] pin_hash_file "
                                     "(store it: lasis staff hash-pin > FILE; chmod 600 FILE)\n"
                                     "  e.g. lasis staff hash-pin > /etc/lasis/staff-pin.hash");
  hash->callback([&exitCode] {
    auto h = kiosk::StaffAuth::hashPin(readPin());
    if (!h) {
      std::fprintf(stderr, "lasis staff hash-pin: %s\n", h.error().message().c_str());
      exitCode = 2;
      return;
    }
    std::printf("%s\n", h->c_str());
    exitCode = 0;
  });
}

} // namespace lasis::cli
