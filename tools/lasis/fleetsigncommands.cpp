// lasis fleet keygen | sign: the network's command-signing key pair, and a signed command or
// configuration in the wire form a device's fleet link verifies (common/fleet/command.h). The
// fleet service signs the same way; scripts and tests use these to make real messages.
#include "tools/lasis/commands.h"
#include "tools/lasis/fleetargs.h"

#include "common/core/clock.h"
#include "common/fleet/command.h"
#include "drivers/fleet/ed25519.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace lasis::cli {

namespace {

struct KeygenArgs {
  std::string out;
};

struct SignArgs {
  std::string key;
  std::string device;
  std::uint64_t seq = 0;
  std::string cmd;
  std::vector<std::string> args;
  std::string configFile;
  std::string configVersion;
  std::string issued;
  bool unchecked = false;
};

int runKeygen(const KeygenArgs& a) {
  auto pair = fleet::generateKeyPair();
  if (!pair) {
    std::cerr << "lasis fleet keygen: " << pair.error().describe() << "\n";
    return 1;
  }
  auto paths = fleet::writeKeyFiles(a.out, *pair);
  if (!paths) {
    std::cerr << "lasis fleet keygen: " << paths.error().message() << "\n";
    return 1;
  }
  nlohmann::ordered_json j;
  j["key"] = fleet::keyId(pair->publicKey);
  j["secret"] = paths->first.string();
  j["public"] = paths->second.string();
  std::cout << j.dump() << "\n";
  std::cerr << "Keep " << paths->first.string() << " on the fleet service only (mode 0600); give each device "
            << paths->second.string() << ".\n";
  return 0;
}

int runSign(const SignArgs& a) {
  const auto say = [](const std::string& why) {
    std::cerr << "lasis fleet sign: " << why << "\n";
    return 1;
  };
  auto secret = fleet::readSecretKeyFile(a.key);
  if (!secret) return say(secret.error().message());
  auto publicKey = fleet::publicKeyOf(*secret);
  if (!publicKey) return say(publicKey.error().message());

  nlohmann::ordered_json args = nlohmann::ordered_json::object();
  for (const auto& kv : a.args) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || !putArg(args, kv.substr(0, eq), kv.substr(eq + 1)))
      return say("--arg \"" + kv + "\" is not KEY=VALUE (KEY may be dotted: text.lv=Sveiki)");
  }
  if (!a.configFile.empty() || !a.configVersion.empty()) {
    if (a.cmd != "config") return say("--config-file and --config-version go with --cmd config");
    if (a.configFile.empty() || a.configVersion.empty()) return say("--cmd config needs both --config-file and --config-version");
    std::ifstream in(a.configFile, std::ios::binary);
    if (!in) return say("cannot read " + a.configFile);
    std::stringstream text;
    text << in.rdbuf();
    args["version"] = a.configVersion;
    args["toml"] = text.str();
  }

  SystemClock clock;
  nlohmann::ordered_json payload;
  payload["v"] = 1;
  payload["device"] = a.device;
  payload["seq"] = a.seq;
  payload["issued"] = a.issued.empty() ? fleet::toRfc3339(clock.now()) : a.issued;
  payload["cmd"] = a.cmd;
  payload["args"] = args;
  const std::string bytes = payload.dump();
  // Checked the way a device reads it, so a typo is found here and not on a kiosk far away.
  if (const auto parsed = fleet::parsePayload(bytes); parsed.index() == 1 && !a.unchecked) {
    const auto& r = std::get<1>(parsed);
    return say("a device would refuse this (" + std::string(fleet::toString(r.reason)) + "): " + r.message +
               " (--unchecked signs it anyway, for tests)");
  }
  const ByteView view(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  auto signature = fleet::sign(*secret, view);
  if (!signature) return say(signature.error().message());
  std::cout << fleet::encodeEnvelope(bytes, *signature, fleet::keyId(*publicKey)) << "\n";
  return 0;
}

} // namespace

void addFleetSignCommands(CLI::App& app, int& exitCode) {
  // `lasis fleet` may already hold the fleet service's other commands: join them.
  auto existing = app.get_subcommands([](CLI::App* s) { return s->get_name() == "fleet"; });
  auto* fleet = existing.empty() ? app.add_subcommand("fleet", "The library network's fleet: signed commands and configuration")
                                 : existing.front();
  fleet->require_subcommand(1);

  auto kargs = std::make_shared<KeygenArgs>();
  auto* keygen = fleet->add_subcommand("keygen",
                                       "Make the network's Ed25519 command-signing key pair: DIR/fleet-signing.key "
                                       "(secret, mode 0600, for the fleet service) and DIR/fleet-signing.pub (for every "
                                       "device); never overwrites; prints the key id and both paths as JSON\n"
                                       "  e.g. lasis fleet keygen --out /etc/lasis-fleet");
  keygen->add_option("--out", kargs->out, "directory to write the two key files into")->required()->check(CLI::ExistingDirectory);
  keygen->callback([kargs, &exitCode] { exitCode = runKeygen(*kargs); });

  auto sargs = std::make_shared<SignArgs>();
  auto* signCmd = fleet->add_subcommand(
      "sign",
      "Print a signed command (or configuration) for one device in the wire form its fleet link verifies "
      "(one JSON line for the device's cmd or config topic)\n"
      "  e.g. lasis fleet sign --key /etc/lasis-fleet/fleet-signing.key --device riga/central/kiosk-1 --seq 42 --cmd reload\n"
      "  e.g. lasis fleet sign --key fleet-signing.key --device riga/central/kiosk-1 --seq 43 --cmd notice --arg text.lv=Sveiki --arg text.en=Hello --arg seconds=60\n"
      "  e.g. lasis fleet sign --key fleet-signing.key --device riga/central/kiosk-1 --seq 44 --cmd config --config-file kiosk.toml --config-version 2026-12-06.1");
  signCmd->add_option("--key", sargs->key, "the secret key file (from lasis fleet keygen)")->required()->check(CLI::ExistingFile);
  signCmd->add_option("--device", sargs->device, "the device: NETWORK/BRANCH/DEVICE")->required();
  signCmd->add_option("--seq", sargs->seq, "sequence number, above the last one the device accepted")->required();
  signCmd->add_option("--cmd", sargs->cmd,
                      "send-queue, silence-gate, reload, training-start, training-stop, notice or config")->required();
  signCmd->add_option("--arg", sargs->args,
                      "KEY=VALUE, repeatable; a dotted KEY nests (text.lv=Sveiki); a whole number stays a number");
  signCmd->add_option("--config-file", sargs->configFile, "with --cmd config: the configuration file to send")
      ->check(CLI::ExistingFile);
  signCmd->add_option("--config-version", sargs->configVersion, "with --cmd config: its version label");
  signCmd->add_option("--issued", sargs->issued, "RFC 3339 UTC time to put in it instead of now (tests)");
  signCmd->add_flag("--unchecked", sargs->unchecked, "sign even what a device would refuse as malformed or unknown (tests)");
  signCmd->callback([sargs, &exitCode] { exitCode = runSign(*sargs); });
}

} // namespace lasis::cli
