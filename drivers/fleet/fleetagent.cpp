#include "drivers/fleet/fleetagent.h"

#include "common/fleet/seqfile.h"
#include "drivers/fleet/ed25519.h"

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace lasis::fleet {

namespace {
const SystemClock& systemClock() {
  static const SystemClock c;
  return c;
}
} // namespace

struct FleetAgent::Impl : std::enable_shared_from_this<FleetAgent::Impl> {
  FleetAgentOptions options;
  const Clock* clock = nullptr;
  Executor post;
  Handler handler;
  Ed25519KeyRing keys;
  std::unique_ptr<FileSeqStore> seqStore;
  std::optional<CommandVerifier> verifier;  // only the worker thread touches it after start
  std::unique_ptr<FleetLink> link;

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<Channel, std::string>> inbox;
  bool stopping = false;
  std::thread worker;

  // The device's thread may answer after stop(): guarded by `mutex`, the link is then gone.
  bool linkUp() {
    std::lock_guard lock(mutex);
    return link != nullptr && !stopping;
  }

  void run() {
    for (;;) {
      std::pair<Channel, std::string> msg;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !inbox.empty(); });
        if (stopping) return;
        msg = std::move(inbox.front());
        inbox.pop_front();
      }
      handle(msg.first, msg.second);
    }
  }

  void handle(Channel channel, const std::string& wire) {
    auto verdict = verifier->verify(wire);
    if (!verdict.accepted()) {
      refuse(channel, verdict.refusal());
      return;
    }
    Command cmd = verdict.command();
    if (options.log) {
      options.log->info("fleet: {} seq {} accepted on {}, handed to the device", toString(cmd.name), cmd.seq,
                        toString(channel));
    }
    // On the device's thread: a weak reference, since the agent may be gone by then.
    post([weak = weak_from_this(), cmd = std::move(cmd)] {
      auto self = weak.lock();
      if (!self || !self->linkUp()) return;
      CommandAnswer answer;
      try {
        answer = self->handler(cmd);
      } catch (const std::exception& e) {
        answer = CommandAnswer::failure(std::string("the device's handler failed: ") + e.what());
      }
      self->answered(cmd, answer);
    });
  }

  void answered(const Command& cmd, const CommandAnswer& answer) {
    if (options.log) {
      if (answer.ok) {
        options.log->info("fleet: {} seq {} done", toString(cmd.name), cmd.seq);
      } else {
        options.log->warn("fleet: {} seq {} failed: {}", toString(cmd.name), cmd.seq, answer.error);
      }
    }
    nlohmann::json last{{"cmd", std::string(toString(cmd.name))},
                        {"seq", cmd.seq},
                        {"ok", answer.ok},
                        {"at", rfc3339Utc(clock->now())}};
    if (!answer.ok) last["error"] = answer.error;
    setState({{"last_command", std::move(last)}});
  }

  void refuse(Channel channel, const Refusal& r) {
    // The reason, the sentence and the seq: never the payload (it may be a forgery carrying anything).
    if (options.log) {
      options.log->warn("fleet: {} message refused ({}{}): {}", toString(channel), toString(r.reason),
                        r.seq ? ", seq " + std::to_string(*r.seq) : std::string(), r.message);
    }
    nlohmann::json last{{"reason", std::string(toString(r.reason))},
                        {"sentence", r.message},
                        {"seq", r.seq ? nlohmann::json(*r.seq) : nlohmann::json(nullptr)},
                        {"at", rfc3339Utc(clock->now())}};
    if (!r.cmd.empty()) last["cmd"] = r.cmd;
    setState({{"last_refusal", std::move(last)}});
  }

  void setState(const nlohmann::json& fields) {
    std::lock_guard lock(mutex);
    if (!link) return;
    if (auto st = link->setState(fields); !st && options.log) options.log->warn("fleet: state: {}", st.error().describe());
  }
};

FleetAgent::FleetAgent(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

FleetAgent::~FleetAgent() { stop(); }

std::filesystem::path defaultSeqFile(const FleetConfig& config) {
  return std::filesystem::path(config.outbox).parent_path() / "fleet-seq.json";
}

Result<std::unique_ptr<FleetAgent>> FleetAgent::start(FleetAgentOptions options, Executor post, Handler handler) {
  auto impl = std::make_shared<Impl>();
  impl->clock = options.clock ? options.clock : &systemClock();
  impl->post = std::move(post);
  impl->handler = std::move(handler);
  if (!options.config.commandKey.empty()) {
    if (auto id = impl->keys.addFile(options.config.commandKey); !id) {
      return id.error().context("fleet.command_key " + options.config.commandKey);
    }
  } else if (options.log) {
    options.log->warn("fleet: no command_key set: every command and configuration will be refused");
  }
  const auto seqPath = !options.seqFile.empty()          ? options.seqFile
                       : !options.config.seqFile.empty() ? std::filesystem::path(options.config.seqFile)
                                                         : defaultSeqFile(options.config);
  impl->seqStore = std::make_unique<FileSeqStore>(seqPath);
  auto verifier = CommandVerifier::open(commonNameOf(options.config.id), impl->keys, *impl->seqStore, *impl->clock);
  if (!verifier) return verifier.error().context("fleet seq file " + seqPath.string());
  impl->verifier.emplace(std::move(*verifier));
  impl->options = std::move(options);

  FleetLinkOptions lo;
  lo.config = impl->options.config;
  lo.kind = impl->options.kind;
  lo.version = impl->options.version;
  lo.clock = impl->clock;
  lo.log = impl->options.log;
  // The link's thread only queues the bytes for the agent's worker (a weak reference: the link
  // is stopped before the Impl goes, but a late message must not touch a dying agent).
  std::weak_ptr<Impl> weak = impl;
  auto link = FleetLink::start(std::move(lo), [weak](Channel channel, const std::string& payload) {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard lock(self->mutex);
    if (self->stopping || self->inbox.size() >= 64) {
      if (self->options.log && !self->stopping) self->options.log->warn("fleet: {} message dropped: 64 wait already", toString(channel));
      return;
    }
    self->inbox.emplace_back(channel, payload);
    self->wake.notify_one();
  });
  if (!link) return link.error();
  {
    std::lock_guard lock(impl->mutex);
    impl->link = std::move(*link);
  }
  impl->worker = std::thread([raw = impl.get()] { raw->run(); });
  return std::unique_ptr<FleetAgent>(new FleetAgent(std::move(impl)));
}

Status FleetAgent::publishEvent(std::string_view type, const nlohmann::json& fields) {
  std::lock_guard lock(m_impl->mutex);
  if (!m_impl->link) return fail(Errc::unavailable, "the fleet link is stopped");
  return m_impl->link->publishEvent(type, fields);
}

Status FleetAgent::setState(const nlohmann::json& fields) {
  std::lock_guard lock(m_impl->mutex);
  if (!m_impl->link) return fail(Errc::unavailable, "the fleet link is stopped");
  return m_impl->link->setState(fields);
}

LinkStatus FleetAgent::status() const {
  std::lock_guard lock(m_impl->mutex);
  if (!m_impl->link) return {};
  return m_impl->link->status();
}

void FleetAgent::stop() {
  if (!m_impl) return;
  std::unique_ptr<FleetLink> link;
  {
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->stopping && !m_impl->link) return;
    m_impl->stopping = true;
    m_impl->wake.notify_all();
  }
  if (m_impl->worker.joinable()) m_impl->worker.join();
  {
    std::lock_guard lock(m_impl->mutex);
    link = std::move(m_impl->link);
  }
  link.reset();  // the graceful "offline", outside the lock (its thread may call back into us)
}

Status checkFleetFiles(const FleetConfig& config) {
  std::vector<std::string> problems;
  auto readable = [&](const char* key, const std::string& path) {
    if (path.empty()) {
      problems.push_back(std::string("fleet.") + key + ": must name a file");
      return;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      problems.push_back(std::string("fleet.") + key + ": " + path + " is not a readable file");
      return;
    }
    std::ifstream f(path);
    if (!f) problems.push_back(std::string("fleet.") + key + ": " + path + " cannot be read by this user");
  };
  if (config.url.tls) {
    readable("ca_file", config.caFile);
    readable("cert_file", config.certFile);
    readable("key_file", config.keyFile);
  }
  if (!config.commandKey.empty()) {
    if (auto k = readPublicKeyFile(config.commandKey); !k) {
      problems.push_back("fleet.command_key: " + k.error().message());
    }
  }
  std::error_code ec;
  const auto dir = std::filesystem::path(config.outbox).parent_path();
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
    problems.push_back("fleet.outbox: the directory " + dir.string() + " does not exist");
  }
  if (problems.empty()) return {};
  std::string msg;
  for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p;
  return fail(Errc::config, msg);
}

} // namespace lasis::fleet
