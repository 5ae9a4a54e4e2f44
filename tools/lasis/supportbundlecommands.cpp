// lasis support-bundle [--out FILE.tar.gz] [--config-dir DIR]: one archive a technician attaches
// to a ticket — versions, doctor's findings, the configs with every secret removed, queue
// statistics, the gate's event counts, the journal's last lines, the host (uname, os-release, disk
// free, /dev/lasis) — and manifest.json saying what is inside and what was skipped and why.
//
// What never goes in: the queue database (it holds patron ids; only its statistics do), the
// contents of password files, passwords, PINs, keys. Secrets are removed twice: each config's
// secret-named keys and URL passwords are replaced by "***", and then every value so removed,
// every secret file's contents and every patron id the queue holds are scrubbed from every member
// (doctor's messages and the journal included), so a secret echoed somewhere else is caught too.
//
// The archive is written by `tar -czf` in a child process: libarchive's headers (libarchive-dev)
// are not part of the build image, and tar is on every Debian system.
#include "common/core/buildinfo.h"
#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/gate/gateconfig.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/sqlite/sqliteeventlog.h"
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace lasis::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

/// What one child process printed and how it ended.
struct ChildResult {
  bool started = false;
  bool timedOut = false;
  int status = -1;  ///< exit status, -1 when killed by a signal
  std::string out, err;
};

std::string readFile(const fs::path& p, std::size_t limit = std::size_t(64) << 20) {
  std::ifstream f(p, std::ios::binary);
  std::string s;
  char buf[65536];
  while (f && s.size() < limit) {
    f.read(buf, sizeof buf);
    s.append(buf, static_cast<std::size_t>(f.gcount()));
  }
  return s;
}

/// Runs `argv` (PATH searched) with `extraEnv` added, stdout and stderr into files under
/// `scratch`; killed by its PID after `timeoutSeconds`.
ChildResult runChild(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv,
                     const fs::path& scratch, int timeoutSeconds) {
  ChildResult r;
  const std::string outPath = (scratch / "child.out").string(), errPath = (scratch / "child.err").string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> envStrings;
  for (char** e = environ; *e; ++e) {
    const std::string kv = *e;
    const auto name = kv.substr(0, kv.find('=') + 1);
    if (std::none_of(extraEnv.begin(), extraEnv.end(), [&](const std::string& x) { return x.rfind(name, 0) == 0; }))
      envStrings.push_back(kv);
  }
  envStrings.insert(envStrings.end(), extraEnv.begin(), extraEnv.end());
  std::vector<char*> env;
  for (auto& e : envStrings) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return r;
  r.started = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);  // our own child, by its PID
      ::waitpid(pid, &status, 0);
      r.timedOut = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readFile(outPath);
  r.err = readFile(errPath);
  std::error_code ec;
  fs::remove(outPath, ec);
  fs::remove(errPath, ec);
  return r;
}

bool onPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string d;
  while (std::getline(dirs, d, ':'))
    if (!d.empty() && ::access((fs::path(d) / program).c_str(), X_OK) == 0) return true;
  return false;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// Whether a config key names a secret: a password, PIN, key, token, credentials, staff card.
bool secretKey(std::string key) {
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  static const std::set<std::string> words{"password", "passwd", "pass",  "passphrase", "secret", "pin",  "pins",
                                           "key",      "keys",   "token", "credential", "credentials", "cards",
                                           "psk",      "apikey"};
  std::stringstream parts(key);
  std::string w;
  while (std::getline(parts, w, '_'))
    if (words.count(w)) return true;
  return key.find("password") != std::string::npos || key.find("secret") != std::string::npos;
}

/// A config file with its secrets replaced by "***". Every value replaced, and every file a
/// `*_file` secret key or a URL's password_file names (its contents), joins `secrets` for the
/// scrub of every member; the paths themselves stay (a technician needs to know where they are).
class Redactor {
public:
  std::set<std::string> secrets;

  std::string config(const std::string& text) {
    // A commented-out line too: an old password kept "for later" is still a password.
    static const std::regex assign(R"(^(\s*#?\s*)([A-Za-z0-9_."'-]+)(\s*=\s*)(.*)$)");
    std::stringstream in(text);
    std::string line, out;
    std::string closeWith;  // inside a multi-line secret value: the text that ends it
    while (std::getline(in, line)) {
      if (!closeWith.empty()) {
        remember(line);
        if (line.find(closeWith) != std::string::npos) closeWith.clear();
        out += "# *** (secret removed)\n";
        continue;
      }
      std::smatch m;
      if (std::regex_match(line, m, assign)) {
        std::string key = m[2].str();
        key.erase(std::remove(key.begin(), key.end(), '"'), key.end());
        key.erase(std::remove(key.begin(), key.end(), '\''), key.end());
        const std::string leaf = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
        const std::string value = m[4].str();
        if (secretKey(leaf)) {
          if (leaf.size() > 5 && leaf.ends_with("_file")) {
            readSecretContents(unquote(value));
            out += url(line) + "\n";
            continue;
          }
          remember(value);
          const std::string v = trim(value);
          if (v.starts_with("\"\"\"") && v.find("\"\"\"", 3) == std::string::npos) closeWith = "\"\"\"";
          else if (v.starts_with("'''") && v.find("'''", 3) == std::string::npos) closeWith = "'''";
          else if (v.starts_with("[") && v.find(']') == std::string::npos) closeWith = "]";
          out += m[1].str() + m[2].str() + m[3].str() + "\"***\"\n";
          continue;
        }
      }
      out += url(line) + "\n";
    }
    return out;
  }

  /// Every secret and patron id replaced by "***" wherever it appears. Shorter than 4 characters
  /// would match ordinary text (times, counts); such values are removed from configs only.
  std::string scrub(std::string text) const {
    std::vector<std::string> order(secrets.begin(), secrets.end());
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (const auto& s : order) {
      if (s.size() < 4) continue;
      for (auto at = text.find(s); at != std::string::npos; at = text.find(s, at + 3)) text.replace(at, s.size(), "***");
    }
    return text;
  }

private:
  static std::string unquote(std::string v) {
    v = trim(v.substr(0, v.find(" #")));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    return v;
  }

  /// The value's strings (an array's elements too) join the secrets.
  void remember(const std::string& value) {
    static const std::regex quoted(R"re("([^"]*)"|'([^']*)')re");
    bool any = false;
    for (std::sregex_iterator it(value.begin(), value.end(), quoted), end; it != end; ++it) {
      const std::string s = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
      if (!s.empty()) secrets.insert(s);
      any = true;
    }
    const std::string bare = trim(value.substr(0, value.find('#')));
    if (!any && !bare.empty() && bare != "[" && bare != "]") secrets.insert(bare);
  }

  void readSecretContents(const std::string& path) {
    if (path.empty()) return;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return;
    const std::string text = readFile(path, 1 << 16);
    if (!trim(text).empty()) secrets.insert(trim(text));
    std::stringstream lines(text);
    std::string l;
    while (std::getline(lines, l)) {
      if (!trim(l).empty()) secrets.insert(trim(l));
      // "user:password" (SMTP credentials): the password alone too.
      if (auto c = trim(l).find(':'); c != std::string::npos && c + 1 < trim(l).size()) secrets.insert(trim(l).substr(c + 1));
    }
  }

  /// A line's URLs: user:PASSWORD@ and secret query parameters replaced; password_file read.
  std::string url(const std::string& line) {
    static const std::regex userinfo(R"(([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s"']*):([^@\s"']*)@)");
    static const std::regex param(R"(([?&])([A-Za-z_]+)=([^&"'\s#]*))");
    std::string out;
    auto begin = line.cbegin();
    for (std::sregex_iterator it(line.begin(), line.end(), userinfo), end; it != end; ++it) {
      out.append(begin, (*it)[0].first);
      if ((*it)[2].length() > 0) secrets.insert((*it)[2].str());
      out += (*it)[1].str() + ":***@";
      begin = (*it)[0].second;
    }
    out.append(begin, line.cend());
    std::string result;
    begin = out.cbegin();
    for (std::sregex_iterator it(out.begin(), out.end(), param), end; it != end; ++it) {
      result.append(begin, (*it)[0].first);
      const std::string name = (*it)[2].str(), value = (*it)[3].str();
      if (name.ends_with("_file")) {
        readSecretContents(value);
        result += (*it)[0].str();
      } else if (secretKey(name)) {
        if (!value.empty()) secrets.insert(value);
        result += (*it)[1].str() + name + "=***";
      } else {
        result += (*it)[0].str();
      }
      begin = (*it)[0].second;
    }
    result.append(begin, out.cend());
    return result;
  }
};

/// The archive's members (name → contents) and what was left out.
class Bundle {
public:
  void add(const std::string& name, std::string contents, const std::string& what) {
    m_members[name] = std::move(contents);
    m_what[name] = what;
  }
  void skip(const std::string& name, const std::string& why) { m_skipped.push_back({{"name", name}, {"reason", why}}); }

  /// Writes every member, scrubbed, and manifest.json into `dir`.
  bool write(const fs::path& dir, const Redactor& redactor, std::string& error) const {
    Json members = Json::array();
    for (const auto& [name, contents] : m_members) {
      const std::string clean = redactor.scrub(contents);
      const fs::path p = dir / name;
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      std::ofstream f(p, std::ios::binary | std::ios::trunc);
      f << clean;
      f.close();
      if (!f) {
        error = "cannot write " + p.string();
        return false;
      }
      members.push_back({{"name", name}, {"bytes", clean.size()}, {"what", m_what.at(name)}});
    }
    const auto& b = buildInfo();
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    Json manifest{{"created", when},
                  {"lasis_version", b.version},
                  {"commit", b.commit},
                  {"members", members},
                  {"skipped", m_skipped},
                  {"secrets_removed", "configs: values of secret-named keys and URL passwords are \"***\"; every such "
                                      "value, password-file contents and the queue's patron ids are also replaced by "
                                      "\"***\" in every member; the queue database itself is never included"}};
    std::ofstream f(dir / "manifest.json", std::ios::trunc);
    f << manifest.dump(2) << "\n";
    f.close();
    if (!f) {
      error = "cannot write the manifest";
      return false;
    }
    return true;
  }

private:
  std::map<std::string, std::string> m_members;
  std::map<std::string, std::string> m_what;
  Json m_skipped = Json::array();
};

/// Patron ids the queue holds (exceptions and every stored transaction): scrubbed from every member.
void collectPatronIds(const std::string& db, Redactor& r) {
  SystemClock clock;
  queue::StoreOptions o;
  o.readOnly = true;
  std::error_code ec;
  o.immutable = !fs::exists(db + "-wal", ec);
  auto store = queue::SqliteQueueStore::open(db, clock, o);
  if (!store) return;
  if (auto rows = (*store)->list({}, 10'000'000))
    for (const auto& t : *rows)
      if (!t.patronId.empty()) r.secrets.insert(t.patronId);
  if (auto rows = (*store)->exceptions(true))
    for (const auto& t : *rows)
      if (!t.patronId.empty()) r.secrets.insert(t.patronId);
}

std::string selfExe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("lasis") : p.string();
}

std::string diskFree(const std::vector<std::string>& paths) {
  std::string out = "PATH  FREE_MIB  SIZE_MIB\n";
  for (const auto& p : paths) {
    struct statvfs v {};
    if (::statvfs(p.c_str(), &v) != 0) {
      out += p + "  (absent)\n";
      continue;
    }
    const auto mib = [&](unsigned long long blocks) { return std::to_string(blocks * v.f_frsize / (1024 * 1024)); };
    out += p + "  " + mib(v.f_bavail) + "  " + mib(v.f_blocks) + "\n";
  }
  return out;
}

int makeBundle(std::string out, const std::string& configDirArg) {
  const bool dirNamed = !configDirArg.empty();
  const std::string dir = dirNamed ? configDirArg : configDir();
  std::error_code ec;
  const bool dirExists = fs::is_directory(dir, ec);
  if (dirNamed && !dirExists) {
    std::fprintf(stderr, "lasis support-bundle: %s is not a directory (--config-dir names where the *.toml are)\n",
                 dir.c_str());
    return 2;
  }
  if (dirExists) {
    fs::directory_iterator probe(dir, ec);
    if (ec) {
      std::fprintf(stderr, "lasis support-bundle: cannot read %s: %s (run as root or the lasis user)\n", dir.c_str(),
                   ec.message().c_str());
      return 2;
    }
  }
  if (out.empty()) {
    const std::string host = hostName("host");
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
    out = "lasis-support-" + host + "-" + when + ".tar.gz";
  }
  out = fs::absolute(out, ec).string();

  char tmpl[] = "/tmp/lasis-bundle-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    std::fprintf(stderr, "lasis support-bundle: cannot make a scratch directory in /tmp\n");
    return 1;
  }
  const fs::path scratch = tmpl;
  const fs::path root = scratch / "lasis-support";
  fs::create_directories(root, ec);
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{scratch};

  Bundle bundle;
  Redactor redactor;
  const std::string self = selfExe();

  // 1. The configs, each with its secrets removed (this also learns the secrets to scrub).
  const auto configs = dirExists ? configsIn(dir) : std::vector<std::string>{};
  if (!dirExists) bundle.skip("config/", dir + " does not exist: no config to include");
  else if (configs.empty()) bundle.skip("config/", "no *.toml in " + dir);
  for (const auto& c : configs) {
    std::ifstream f(c, std::ios::binary);
    if (!f) {
      bundle.skip("config/" + fs::path(c).filename().string(), "cannot read " + c);
      continue;
    }
    bundle.add("config/" + fs::path(c).filename().string(), redactor.config(readFile(c)),
               guessKind(c) + " config " + c + ", secrets replaced by ***");
    // Its drop-ins (kiosk.d/*.toml): what the device runs is the file and these together.
    const auto dropIns = ConfigDoc::dropInDir(c);
    if (!fs::is_directory(dropIns, ec)) continue;
    for (const auto& d : configsIn(dropIns.string())) {
      bundle.add("config/" + dropIns.filename().string() + "/" + fs::path(d).filename().string(),
                 redactor.config(readFile(d)), "drop-in of " + c + ", secrets replaced by ***");
    }
  }

  // 2. Versions and doctor, by this very binary.
  auto version = runChild({self, "--version", "--json"}, {}, scratch, 30);
  if (version.started && version.status == 0) bundle.add("version.json", version.out, "lasis --version --json");
  else bundle.skip("version.json", "lasis --version --json failed: " + version.err);
  if (dirExists && !configs.empty()) {
    auto doctor = runChild({self, "doctor", "--json"}, {"LASIS_CONFIG_DIR=" + dir, "LASIS_LOG=off"}, scratch, 180);
    if (doctor.timedOut) bundle.skip("doctor.json", "lasis doctor --json took over 180 s and was stopped");
    else if (!doctor.out.empty())
      bundle.add("doctor.json", doctor.out, "lasis doctor --json (exit status " + std::to_string(doctor.status) + ")");
    else bundle.skip("doctor.json", "lasis doctor printed nothing: " + doctor.err);
  } else {
    bundle.skip("doctor.json", "no config for lasis doctor to check");
  }

  // 3. Per config: the queue's statistics (never the database), the gate's event counts.
  for (const auto& c : configs) {
    const std::string stem = fs::path(c).stem().string();
    auto doc = ConfigDoc::load(c);
    if (!doc) {
      bundle.skip(stem, "cannot read " + c + ": " + doc.error().message());
      continue;
    }
    if (guessKind(c) == "kiosk") {
      const std::string db = doc->string("queue.db", "");
      const std::string name = "queue-stats-" + stem + ".json";
      if (db.empty()) {
        bundle.skip(name, c + " has no queue.db");
      } else if (!fs::exists(db, ec)) {
        bundle.skip(name, db + " does not exist (yet)");
      } else {
        collectPatronIds(db, redactor);
        auto st = runChild({self, "queue", "stats", "--json", "--db", db}, {"LASIS_LOG=off"}, scratch, 60);
        if (st.status == 0) bundle.add(name, st.out, "lasis queue stats --json --db " + db);
        else bundle.skip(name, "lasis queue stats failed: " + st.err);
      }
    } else {
      const std::string name = "gate-events-" + stem + ".json";
      auto cfg = readGateConfig(*doc);
      if (!cfg) {
        bundle.skip(name, c + ": " + cfg.error().message());
        continue;
      }
      auto log = gate::SqliteEventLog::openReadOnly(cfg->db);
      auto events = log ? log->events() : Result<std::vector<gate::GateEvent>>(log.error());
      if (!events) {
        bundle.skip(name, cfg->db + ": " + events.error().message());
        continue;
      }
      // Counts only: an alarm row names an item, which with the time can point at a person.
      Json counts = Json::object();
      std::int64_t peopleIn = 0, peopleOut = 0;
      for (const auto& e : *events) {
        counts[e.kind] = counts.value(e.kind, 0) + 1;
        peopleIn += e.peopleIn;
        peopleOut += e.peopleOut;
      }
      Json j{{"db", cfg->db}, {"events", events->size()}, {"by_kind", counts}, {"people_in", peopleIn},
             {"people_out", peopleOut}};
      bundle.add(name, j.dump(2) + "\n", "event counts of " + cfg->db);
    }
  }

  // 4. The host.
  if (onPath("journalctl")) {
    auto j = runChild({"journalctl", "-u", "lasis-kiosk", "-u", "lasis-gate", "-n", "2000", "--no-pager"}, {}, scratch, 60);
    bundle.add("journal.txt", j.out + (j.err.empty() ? "" : "\n[journalctl stderr]\n" + j.err),
               "journalctl -u lasis-kiosk -u lasis-gate -n 2000 --no-pager (exit status " + std::to_string(j.status) + ")");
  } else {
    bundle.skip("journal.txt", "journalctl is not installed here (no systemd journal)");
  }
  struct utsname u {};
  if (::uname(&u) == 0)
    bundle.add("uname.txt",
               std::string(u.sysname) + " " + u.nodename + " " + u.release + " " + u.version + " " + u.machine + "\n",
               "uname -a");
  for (const char* p : {"/etc/os-release", "/usr/lib/os-release"}) {
    if (fs::exists(p, ec)) {
      bundle.add("os-release.txt", readFile(p), p);
      break;
    }
  }
  bundle.add("disk-free.txt", diskFree({"/", "/var/lib/lasis", "/var/log", "/tmp", dir}), "free space (statvfs)");
  if (fs::exists("/dev/lasis", ec)) {
    auto ls = runChild({"ls", "-l", "/dev/lasis/"}, {}, scratch, 10);
    bundle.add("dev-lasis.txt", ls.out + ls.err, "ls -l /dev/lasis/ (the udev names of readers and adapters)");
  } else {
    bundle.skip("dev-lasis.txt", "/dev/lasis does not exist (no udev rules installed, or no device plugged in)");
  }

  std::string error;
  if (!bundle.write(root, redactor, error)) {
    std::fprintf(stderr, "lasis support-bundle: %s\n", error.c_str());
    return 1;
  }
  auto tar = runChild({"tar", "-czf", out, "-C", scratch.string(), "lasis-support"}, {}, scratch, 120);
  if (!tar.started || tar.status != 0) {
    std::fprintf(stderr, "lasis support-bundle: cannot write %s: %s\n", out.c_str(),
                 tar.started ? trim(tar.err).c_str() : "tar is not installed");
    std::error_code e;
    fs::remove(out, e);
    return 1;
  }
  std::printf("%s\n", out.c_str());
  return 0;
}

} // namespace

void addSupportBundleCommands(CLI::App& app, int& exitCode) {
  auto* cmd = app.add_subcommand("support-bundle",
                                 "Write one archive to attach to a support ticket: versions, doctor, configs without "
                                 "secrets, queue statistics, gate event counts, the journal, the host\n"
                                 "  e.g. lasis support-bundle --out /tmp/kiosk-12.tar.gz");
  auto out = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  cmd->add_option("--out", *out, "the archive to write (default: lasis-support-HOST-TIME.tar.gz here)");
  cmd->add_option("--config-dir", *dir, "where the *.toml are (default: /etc/lasis, or $LASIS_CONFIG_DIR)");
  cmd->footer("Never included: the queue database, password files' contents, passwords, PINs, keys.\n"
              "manifest.json in the archive lists every member and what was skipped and why.");
  cmd->callback([=, &exitCode] { exitCode = makeBundle(*out, *dir); });
}

} // namespace lasis::cli
