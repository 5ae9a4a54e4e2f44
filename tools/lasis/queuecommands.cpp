// `lasis queue stats|list|exceptions|replay|export --db PATH`: inspect and drain a kiosk's
// transaction queue. A table for people by default, `--json` for scripts. Inspection opens the
// database read-only: it never migrates, renames or locks a live kiosk's queue. `export` also
// salvages a damaged database (one the kiosk kept aside as `….corrupt-…`) without writing to or
// beside it, and says with exit status 3 that what it wrote may be incomplete.
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"

#include "common/core/log.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "common/queue/syncengine.h"
#include "drivers/sip2client/sip2ils.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

namespace lasis::cli {

namespace {

using queue::QueuedTxn;
using queue::QueueStore;
using queue::SqliteQueueStore;
using queue::TxnState;
using nlohmann::json;

std::string isoTime(queue::TimePoint t) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json toJson(const QueuedTxn& t, bool withPatron) {
  json j{{"id", t.id},
         {"seq", t.seq},
         {"kind", std::string(toString(t.kind))},
         {"item", t.itemId},
         {"kiosk", t.kiosk},
         {"when", isoTime(t.when)},
         {"offline", t.offline},
         {"state", std::string(toString(t.state))},
         {"attempts", t.attempts},
         {"answer", t.answer},
         {"last_error", t.lastError},
         {"title", t.title},
         {"updated", isoTime(t.updatedAt)}};
  j["due"] = t.dueDate ? json(isoTime(*t.dueDate)) : json(nullptr);
  if (t.kind == queue::Kind::checkin) j["location"] = t.location;
  if (t.state == TxnState::failed) {
    j["resolved"] = t.resolved;
    j["staff_note"] = t.staffNote;
  }
  // Patron references appear only where staff need them to act (open exceptions).
  if (withPatron) j["patron"] = t.patronId;
  return j;
}

/// `export` salvaged a damaged database: what it wrote may be incomplete (see the help footer).
constexpr int kExitSalvaged = 3;

Result<std::unique_ptr<QueueStore>> openReadOnly(const std::string& db, const Clock& clock) {
  queue::StoreOptions o;
  o.readOnly = true;
  // A plain read-only connection to a WAL database creates `-wal` and `-shm` beside it (and,
  // run as root, leaves them owned by root). Without a `-wal` beside the file no kiosk has it
  // open and the file alone is the whole database, so it is read immutable: nothing is created
  // beside a quarantined file kept as evidence, or beside a stopped kiosk's queue.
  std::error_code ec;
  o.immutable = !std::filesystem::exists(db + "-wal", ec);
  return SqliteQueueStore::open(db, clock, o);
}

int report(const Error& e) {
  std::cerr << "lasis queue: " << e.describe() << "\n";
  return 1;
}

/// For inspection commands: a damaged file is answered with the command that salvages it.
int reportInspecting(const Error& e, const std::string& db) {
  if (!e.is(Errc::corrupt)) return report(e);
  return report(e.context("the queue database is damaged; salvage what can still be read with "
                          "`lasis queue export --db " + db + "`"));
}

void printTable(const std::vector<QueuedTxn>& rows, bool withPatron) {
  std::printf("%-6s %-9s %-18s %-20s %-9s %-3s %-4s %s\n", "SEQ", "KIND", "ITEM", "WHEN (UTC)", "STATE", "OFF", "TRY",
              withPatron ? "PATRON / ILS ANSWER" : "ILS ANSWER / LAST ERROR");
  for (const auto& t : rows) {
    std::string note = t.answer.empty() ? t.lastError : t.answer;
    if (withPatron) note = t.patronId + " / " + note;
    std::printf("%-6lld %-9s %-18s %-20s %-9s %-3s %-4d %s\n", static_cast<long long>(t.seq),
                std::string(toString(t.kind)).c_str(), t.itemId.c_str(), isoTime(t.when).c_str(),
                std::string(toString(t.state)).c_str(), t.offline ? "Y" : "N", t.attempts, note.c_str());
  }
  if (rows.empty()) std::printf("(none)\n");
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

int replay(const std::string& db, const std::string& url, const scan::CardRules& network, int timeoutSeconds,
           bool asJson) {
  // Never create a queue by accident: replaying a mistyped path must fail, not start afresh.
  if (!std::filesystem::exists(db)) return report(Error(Errc::notFound, "no queue database at " + db));
  SystemClock clock;
  auto c = sip2::Sip2Ils::create(url, clock, makeLogger("sip2"));
  if (!c) return report(c.error());
  // A regional network: a member library's patron's loans go to that library (SIP2 AO), as the
  // kiosk sends them; without the rules the ILS would not know the patron at our institution.
  if (!network.empty())
    (*c)->client().setPatronInstitution([network](std::string_view patronId) { return network.institutionOfPatron(patronId); });
  std::unique_ptr<ils::IlsClient> ilsClient(std::move(*c));
  auto* client = &ilsClient;
  auto store = SqliteQueueStore::open(db, clock);
  if (!store) return report(store.error());
  queue::SyncConfig cfg;
  cfg.breaker.probeInterval = std::chrono::seconds(1);
  queue::SyncEngine engine(**store, **client, clock, cfg, circulation::Recovered::withoutEngine(), makeLogger("queue"));
  queue::TickReport total;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  std::int64_t left = 0;
  for (;;) {
    auto r = engine.tick();
    total.sent += r.sent;
    total.done += r.done;
    total.refused += r.refused;
    total.transportErrors += r.transportErrors;
    total.resolvedByStatus += r.resolvedByStatus;
    if (auto e = engine.outOfOrder()) return report(*e);
    auto st = (*store)->stats();
    if (!st) return report(st.error());
    left = st->pending + st->sending + st->uncertain;
    if (left == 0 || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (asJson) {
    std::cout << json{{"sent", total.sent}, {"done", total.done}, {"refused", total.refused},
                      {"transport_errors", total.transportErrors}, {"resolved_by_status", total.resolvedByStatus},
                      {"left", left}, {"online", engine.online()}}.dump()
              << "\n";
  } else {
    std::printf("sent %d, done %d, refused %d (see `lasis queue exceptions`), transport errors %d, left %lld\n",
                total.sent, total.done, total.refused, total.transportErrors, static_cast<long long>(left));
  }
  return left == 0 ? 0 : 2;
}

} // namespace

void addQueueCommands(CLI::App& app, int& exitCode) {
  auto* grp = app.add_subcommand("queue", "Inspect and replay the kiosk's transaction queue");
  grp->require_subcommand(1);
  grp->footer(
      "Exit status: 0 done; 1 error (nothing usable written); 2 replay: transactions are still waiting;\n"
      "3 export: the database is damaged — every transaction that could be read was written, and\n"
      "standard error says how many could not be read (the export may be incomplete). Nothing is\n"
      "ever written to or beside a damaged file.");

  struct Opts {
    std::string db;
    std::string config;
    bool json = false;
    bool all = false;
    std::string ils;
    std::string out;
    std::string id;
    std::int64_t seq = 0;
    std::string note;
    int timeout = 60;
  };
  auto opts = std::make_shared<Opts>();
  auto common = [opts](CLI::App* c) {
    c->add_option("--db", opts->db,
                  "The queue database (e.g. /var/lib/lasis/queue.db; default: queue.db of --config, or of the "
                  "kiosk config in /etc/lasis/ or $LASIS_CONFIG_DIR)");
    c->add_option("--config", opts->config, "The kiosk's config (e.g. /etc/lasis/kiosk.toml): its queue.db and ils.url");
    c->add_flag("--json", opts->json, "Machine-readable output");
  };
  // --db given wins; else the config's queue.db. First thing in every callback below.
  const auto haveDb = [](Opts& o) {
    return fromConfig(o.db, o.config, "kiosk", "lasis queue", "queue.db", "--db", kioskQueueDb);
  };

  auto* stats = grp->add_subcommand("stats", "Counts per state, open exceptions, oldest unsynced transaction\n"
                                   "  e.g. lasis queue stats --db /var/lib/lasis/kiosk.db --json");
  common(stats);
  stats->callback([opts, haveDb, &exitCode] {
    if (!haveDb(*opts)) return void(exitCode = 2);
    SystemClock clock;
    auto store = openReadOnly(opts->db, clock);
    if (!store) return void(exitCode = reportInspecting(store.error(), opts->db));
    auto s = (*store)->stats();
    if (!s) return void(exitCode = reportInspecting(s.error(), opts->db));
    if (opts->json) {
      json j{{"pending", s->pending},       {"sending", s->sending}, {"uncertain", s->uncertain},
             {"done", s->done},             {"failed", s->failed},   {"collapsed", s->collapsed},
             {"open_exceptions", s->openExceptions}, {"loans", s->loans}, {"patrons_cached", s->patrons},
             {"schema_version", s->schemaVersion}};
      j["oldest_unsynced"] = s->oldestUnsynced ? json(isoTime(*s->oldestUnsynced)) : json(nullptr);
      std::cout << j.dump() << "\n";
    } else {
      std::printf("queue %s (schema %d)\n", opts->db.c_str(), s->schemaVersion);
      std::printf("  waiting:     %lld pending, %lld sending, %lld awaiting an item-status check\n",
                  static_cast<long long>(s->pending), static_cast<long long>(s->sending),
                  static_cast<long long>(s->uncertain));
      std::printf("  finished:    %lld done, %lld collapsed, %lld refused\n", static_cast<long long>(s->done),
                  static_cast<long long>(s->collapsed), static_cast<long long>(s->failed));
      std::printf("  exceptions:  %lld open (lasis queue exceptions)\n", static_cast<long long>(s->openExceptions));
      std::printf("  caches:      %lld loans, %lld patrons\n", static_cast<long long>(s->loans),
                  static_cast<long long>(s->patrons));
      std::printf("  oldest unsynced: %s\n", s->oldestUnsynced ? isoTime(*s->oldestUnsynced).c_str() : "none");
    }
    exitCode = 0;
  });

  auto* list = grp->add_subcommand("list", "Transactions not yet confirmed by the ILS (all with --all)\n"
                                   "  e.g. lasis queue list --config /etc/lasis/kiosk.toml");
  common(list);
  list->add_flag("--all", opts->all, "Every stored transaction, finished ones too");
  list->callback([opts, haveDb, &exitCode] {
    if (!haveDb(*opts)) return void(exitCode = 2);
    SystemClock clock;
    auto store = openReadOnly(opts->db, clock);
    if (!store) return void(exitCode = reportInspecting(store.error(), opts->db));
    std::vector<TxnState> states;
    if (!opts->all) states = {TxnState::pending, TxnState::sending, TxnState::uncertain};
    auto rows = (*store)->list(states, 1'000'000);
    if (!rows) return void(exitCode = reportInspecting(rows.error(), opts->db));
    if (opts->json) {
      json arr = json::array();
      for (const auto& t : *rows) arr.push_back(toJson(t, false));
      std::cout << arr.dump() << "\n";
    } else {
      printTable(*rows, false);
    }
    exitCode = 0;
  });

  auto* ex = grp->add_subcommand("exceptions", "Transactions the ILS refused on replay, for staff to resolve\n"
                                   "  e.g. lasis queue exceptions --db /var/lib/lasis/kiosk.db");
  common(ex);
  ex->add_flag("--all", opts->all, "Resolved exceptions too");
  ex->callback([opts, haveDb, &exitCode] {
    if (!haveDb(*opts)) return void(exitCode = 2);
    SystemClock clock;
    auto store = openReadOnly(opts->db, clock);
    if (!store) return void(exitCode = reportInspecting(store.error(), opts->db));
    auto rows = (*store)->exceptions(opts->all);
    if (!rows) return void(exitCode = reportInspecting(rows.error(), opts->db));
    if (opts->json) {
      json arr = json::array();
      for (const auto& t : *rows) arr.push_back(toJson(t, true));
      std::cout << arr.dump() << "\n";
    } else {
      printTable(*rows, true);
    }
    exitCode = 0;
  });

  auto* rs = grp->add_subcommand("resolve", "Mark a refused transaction as dealt with (drops its patron reference)\n"
                                   "  e.g. lasis queue resolve --db /var/lib/lasis/kiosk.db --seq 42 --note \"called the patron\"");
  common(rs);
  auto* byId = rs->add_option("--id", opts->id, "The transaction id (from `lasis queue exceptions --json`)");
  auto* bySeq = rs->add_option("--seq", opts->seq, "Or its number, the first column of `lasis queue exceptions`")
                    ->check(CLI::PositiveNumber);
  byId->excludes(bySeq);
  rs->add_option("--note", opts->note, "What staff did, kept with the row until it is purged");
  rs->footer("Examples:\n  lasis queue exceptions --db /var/lib/lasis/queue.db\n"
             "  lasis queue resolve --db /var/lib/lasis/queue.db --seq 42 --note 'patron called, book returned'");
  rs->callback([opts, haveDb, &exitCode] {
    if (!haveDb(*opts)) return void(exitCode = 2);
    SystemClock clock;
    // Read-write, but never creating or migrating someone else's file by accident: it must exist.
    if (!std::filesystem::exists(opts->db)) return void(exitCode = report(Error(Errc::notFound, "no queue database at " + opts->db)));
    if (opts->id.empty() && opts->seq == 0)
      return void(exitCode = report(Error(Errc::invalidArgument, "say which exception: --seq N or --id ID")));
    auto store = SqliteQueueStore::open(opts->db, clock);
    if (!store) return void(exitCode = report(store.error()));
    if (opts->id.empty()) {
      // The number staff read off the table: only an exception has one to resolve.
      auto rows = (*store)->exceptions(true);
      if (!rows) return void(exitCode = report(rows.error()));
      auto it = std::find_if(rows->begin(), rows->end(), [&](const QueuedTxn& t) { return t.seq == opts->seq; });
      if (it == rows->end())
        return void(exitCode = report(Error(Errc::notFound, "no refused transaction number " + std::to_string(opts->seq) + " (see `lasis queue exceptions`)")));
      opts->id = it->id;
    }
    if (auto st = (*store)->resolveException(opts->id, opts->note); !st) return void(exitCode = report(st.error()));
    if (opts->json) std::cout << json{{"resolved", opts->id}}.dump() << "\n";
    else std::printf("exception %s resolved\n", opts->id.c_str());
    exitCode = 0;
  });

  auto* rp = grp->add_subcommand("replay", "Send what is waiting to the ILS now, and wait for the result\n"
                                   "  e.g. lasis queue replay --db /var/lib/lasis/kiosk.db --ils sip2s://ils.example:6001");
  common(rp);
  rp->add_option("--ils", opts->ils, "The ILS, e.g. sip2://127.0.0.1:6001 (default: ils.url of the kiosk config)");
  rp->add_option("--timeout", opts->timeout, "Give up after this many seconds (default 60)");
  rp->callback([opts, haveDb, &exitCode] {
    if (!haveDb(*opts)) return void(exitCode = 2);
    if (!fromConfig(opts->ils, opts->config, "kiosk", "lasis queue replay", "ils.url", "--ils", kioskIlsUrl))
      return void(exitCode = 2);
    // The network's card rules come only from the kiosk's config (--config, or the one in the
    // config directory): there is no flag for them.
    scan::CardRules network;
    if (auto path = findConfig(opts->config, "kiosk")) {
      auto rules = kioskCardRules(*path);
      if (!rules) {
        std::fprintf(stderr, "lasis queue replay: %s\n", rules.error().describe().c_str());
        return void(exitCode = 1);
      }
      network = std::move(*rules);
      if (!network.empty())
        std::fprintf(stderr, "lasis queue replay: the regional network's card rules from %s\n", path->c_str());
    } else if (!opts->config.empty()) {
      std::fprintf(stderr, "lasis queue replay: %s\n", path.error().describe().c_str());
      return void(exitCode = 1);
    }
    exitCode = replay(opts->db, opts->ils, network, opts->timeout, opts->json);
  });

  auto* exp = grp->add_subcommand("export", "Every stored transaction as CSV (JSON with --json); salvages a damaged "
                                             "database (exit status 3)\n"
                                   "  e.g. lasis queue export --db /var/lib/lasis/kiosk.db --out /tmp/queue.csv");
  common(exp);
  exp->add_option("--out", opts->out, "Write to this file instead of standard output");
  exp->callback([opts, haveDb, &exitCode] {
    if (!haveDb(*opts)) return void(exitCode = 2);
    SystemClock clock;
    std::optional<queue::SalvageReport> salvaged;
    std::vector<QueuedTxn> rows;
    {
      auto store = openReadOnly(opts->db, clock);
      if (!store && !store.error().is(Errc::corrupt)) return void(exitCode = report(store.error()));
      // A file that fails SQLite's own check goes through salvage even when the outbox reads
      // without error: a damaged page can hide rows silently, and the exit status must say so.
      Result<std::string> check = store ? (*store)->quickCheck() : Result<std::string>(store.error());
      if (check && *check == "ok") {
        auto all = (*store)->list({}, 100'000'000);
        if (!all && !all.error().is(Errc::corrupt)) return void(exitCode = report(all.error()));
        if (all) rows = std::move(*all);
        else check = all.error();
      }
      if (!check || *check != "ok") {
        if (store) store->reset();  // the salvage reads the file on a connection of its own
        auto s = SqliteQueueStore::salvage(opts->db);
        if (!s) return void(exitCode = report(s.error()));
        salvaged = std::move(*s);
        rows = std::move(salvaged->rows);
      }
    }
    std::ostringstream out;
    if (opts->json) {
      json arr = json::array();
      for (const auto& t : rows) arr.push_back(toJson(t, t.state == TxnState::failed && !t.resolved));
      out << arr.dump(1) << "\n";
    } else {
      out << "seq,id,kind,item,patron,kiosk,when,due,offline,state,attempts,answer,last_error,title\n";
      for (const auto& t : rows) {
        out << t.seq << ',' << csvField(t.id) << ',' << toString(t.kind) << ',' << csvField(t.itemId) << ','
            << csvField(t.state == TxnState::failed && !t.resolved ? t.patronId : "") << ',' << csvField(t.kiosk)
            << ',' << isoTime(t.when) << ',' << (t.dueDate ? isoTime(*t.dueDate) : "") << ','
            << (t.offline ? "Y" : "N") << ',' << toString(t.state) << ',' << t.attempts << ',' << csvField(t.answer)
            << ',' << csvField(t.lastError) << ',' << csvField(t.title) << '\n';
      }
    }
    if (opts->out.empty()) {
      std::cout << out.str();
    } else {
      std::ofstream f(opts->out, std::ios::trunc);
      f << out.str();
      f.close();
      if (!f) return void(exitCode = report(Error(Errc::io, "cannot write " + opts->out)));
    }
    if (!salvaged) return void(exitCode = 0);
    // The data went to stdout or --out; the note goes to stderr so a script's CSV stays clean.
    const auto& lost = salvaged->lostSeqs;
    std::cerr << "lasis queue export: " << opts->db << " is damaged (" << salvaged->damage << ")\n"
              << "lasis queue export: salvaged " << rows.size() << " transactions; " << lost.size()
              << " could not be read\n";
    if (!salvaged->lostIds.empty()) {
      std::cerr << "lasis queue export: unreadable transaction ids (from the id index):";
      for (const auto& id : salvaged->lostIds) std::cerr << ' ' << id;
      std::cerr << "\n";
    }
    if (lost.empty()) {
      std::cerr << "lasis queue export: no row was found unreadable, but rows on pages SQLite no longer links "
                   "to cannot be counted; treat the export as possibly incomplete\n";
    }
    exitCode = kExitSalvaged;
  });
}

} // namespace lasis::cli
