// `lasis convert`: the conversion station, where a barcode collection becomes an RFID one. Item
// after item — rows of a CSV (an ILS export) or barcodes scanned on stdin — it waits for a tag on
// the pad, writes the item's ISO 28560 data onto it (secured), reads it back, and says so with a
// line and the terminal bell.
//
// Contract (scripts rely on it):
//   lasis convert [--csv FILE] [--device CONNSTRING | --config FILE] [--owner ISIL]
//                 [--model iso28560-3|iso28560-2] [--log FILE] [--wait-s N] [--force] [--json]
//   Input: --csv FILE, a header naming item_id (or barcode) and optionally parts and ordinal
//     (other columns are ignored; ',', ';' or tab between them), or one item id a line with no
//     header; without --csv, one barcode a line on stdin (a keyboard-wedge scanner types a line).
//   The reader, the owner ISIL and the data model: the flags, else the kiosk config (reader.url,
//     [tags] owner and model), else no owner and iso28560-3.
//   For each item: waits (--wait-s, default 30; 0: for ever) until exactly one tag lies on the
//     pad besides tags already handled in this run that still lie there and tags the log says are
//     written; a blank tag is written, a tag that already holds this item is taken as written,
//     any other tag is skipped ("holds item X") unless --force.
//   stdout: one line per item, human text, or with --json
//       {"item_id","result":"written"|"skipped"|"failed","uid","detail"[,"tag":{keys of reader list}]}
//     and at the end a summary (with --json {"summary":{"done","skipped","failed","already_done",
//     "seconds","per_hour","stopped"}}). Prompts and notes go to stderr.
//   The log (--log, default ./convert-log.csv), CSV with a header:
//       item_id,uid,time,result,detail        time ISO 8601 UTC, result written|skipped|failed
//     one line per item handled, appended and fsync'd before the item's line is printed. Items
//     the log says are written are not touched again: a run killed at any moment resumes where it
//     stopped, and no tag is programmed twice. Two runs cannot share one log (it is locked).
//   SIGINT/SIGTERM: stop after the current item, print the summary.
//   Exit 0 when no item failed; 1 when one did or the run could not go on (the reader or the log
//   failed); 2 when it could not start (bad input, no reader named, log locked).
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"
#include "tools/lasis/tagprogrammer.h"

#include "common/tagdata/tagdata.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lasis::cli {

namespace {

namespace td = lasis::tagdata;
using OJson = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr int kExitFailed = 1;
constexpr int kExitCannotStart = 2;
constexpr auto kPollEvery = std::chrono::milliseconds(100);

// Set by SIGINT/SIGTERM: finish the current item, then stop. A signal handler can only set a flag.
volatile sig_atomic_t g_stop = 0;
extern "C" void onStopSignal(int) { g_stop = 1; }

struct ConvertArgs {
  std::string csv;
  std::string device;
  std::string config;
  std::string owner;
  std::string model;
  std::string log = "convert-log.csv";
  double waitS = 30;
  bool force = false;
  bool json = false;
};

/// One item to convert: a CSV row or a scanned barcode.
struct ItemRow {
  std::string itemId;
  int parts = 1;
  int ordinal = 1;
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// One CSV line's cells ("…" quotes a cell, "" inside it is one quote).
std::vector<std::string> splitCsv(const std::string& line, char sep) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  for (auto& c : cells) c = trim(c);
  return cells;
}

std::string csvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return q + "\"";
}

Result<int> setNumber(const std::string& cell, const std::string& where, const char* name) {
  if (cell.empty()) return 1;
  int v = 0;
  for (char c : cell) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || v > 255) return fail(Errc::parse, where + ": " + name + " \"" + cell + "\" is not a number 1..255");
    v = v * 10 + (c - '0');
  }
  if (v < 1 || v > 255) return fail(Errc::parse, where + ": " + name + " \"" + cell + "\" is not a number 1..255");
  return v;
}

/// The items of a CSV file: a header naming item_id (or barcode) and optionally parts and
/// ordinal, or a bare list of item ids. Every problem names the file and line.
Result<std::vector<ItemRow>> readCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::notFound, "cannot open " + path);
  std::vector<std::pair<int, std::string>> lines;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a spreadsheet's BOM
    line = trim(line);
    if (!line.empty() && line[0] != '#') lines.emplace_back(n, line);
  }
  std::vector<ItemRow> rows;
  if (lines.empty()) return rows;
  const std::string& first = lines.front().second;
  const char sep = first.find(',') != std::string::npos   ? ','
                   : first.find(';') != std::string::npos ? ';'
                   : first.find('\t') != std::string::npos ? '\t'
                                                           : ',';
  const auto head = splitCsv(first, sep);
  int idCol = -1, partsCol = -1, ordinalCol = -1;
  for (std::size_t i = 0; i < head.size(); ++i) {
    const auto name = lower(head[i]);
    if (name == "item_id" || name == "barcode") idCol = static_cast<int>(i);
    if (name == "parts") partsCol = static_cast<int>(i);
    if (name == "ordinal") ordinalCol = static_cast<int>(i);
  }
  const bool header = idCol >= 0;
  if (!header && head.size() != 1)
    return fail(Errc::parse, path + ":" + std::to_string(lines.front().first) +
                                 ": the header names no item_id column (name the columns item_id[,parts,ordinal], "
                                 "or give one item id a line without a header)");
  if (!header) idCol = 0;
  for (std::size_t i = header ? 1 : 0; i < lines.size(); ++i) {
    const std::string where = path + ":" + std::to_string(lines[i].first);
    const auto cells = splitCsv(lines[i].second, sep);
    if (!header && cells.size() != 1) return fail(Errc::parse, where + ": more than one column in a list of item ids");
    auto cell = [&](int col) { return col >= 0 && static_cast<std::size_t>(col) < cells.size() ? cells[static_cast<std::size_t>(col)] : std::string(); };
    ItemRow r;
    r.itemId = cell(idCol);
    if (r.itemId.empty()) return fail(Errc::parse, where + ": no item id");
    auto parts = setNumber(cell(partsCol), where, "parts");
    if (!parts) return parts.error();
    auto ordinal = setNumber(cell(ordinalCol), where, "ordinal");
    if (!ordinal) return ordinal.error();
    r.parts = *parts;
    r.ordinal = *ordinal;
    rows.push_back(std::move(r));
  }
  return rows;
}

/// Where the items come from: a CSV read whole at the start, or barcodes on stdin one at a time
/// (read with poll, so SIGINT stops a station waiting for the next scan).
class ItemSource {
public:
  explicit ItemSource(std::vector<ItemRow> rows) : m_rows(std::move(rows)), m_fromCsv(true) {}
  ItemSource() = default;

  bool fromCsv() const { return m_fromCsv; }
  std::size_t total() const { return m_rows.size(); }

  std::optional<ItemRow> next() {
    if (m_fromCsv) return m_next < m_rows.size() ? std::optional(m_rows[m_next++]) : std::nullopt;
    for (;;) {
      if (auto nl = m_buffer.find('\n'); nl != std::string::npos) {
        std::string line = trim(m_buffer.substr(0, nl));
        m_buffer.erase(0, nl + 1);
        if (!line.empty()) return ItemRow{line};
        continue;
      }
      if (m_eof) {
        std::string line = trim(m_buffer);
        m_buffer.clear();
        if (!line.empty()) return ItemRow{line};
        return std::nullopt;
      }
      if (g_stop) return std::nullopt;
      pollfd p{0, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(kPollEvery.count())) <= 0) continue;
      char buf[512];
      const ssize_t n = ::read(0, buf, sizeof buf);
      if (n > 0) m_buffer.append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR) m_eof = true;
    }
  }

private:
  std::vector<ItemRow> m_rows;
  std::size_t m_next = 0;
  bool m_fromCsv = false;
  std::string m_buffer;
  bool m_eof = false;
};

std::string utcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// The resumable log: what was done to which item, one fsync'd line each, so a day's work
/// survives a crash. Invariant: an item's `written` line is on disk before the technician is told
/// (and so before the next tag is laid down), so a resumed run never programs a second tag for it.
class ConvertLog {
public:
  struct Entry {
    std::string itemId, uid, result, detail;
  };

  ~ConvertLog() {
    if (m_fd >= 0) ::close(m_fd);
  }

  /// Opens (or creates) the log, locks it against a second run, and reads what it says.
  Status open(const std::string& file) {
    m_path = file;
    m_fd = ::open(file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) return fail(Errc::io, "cannot open the log " + file + ": " + std::strerror(errno));
    // The kernel drops the lock with the process, so a killed run never leaves it locked.
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0)
      return fail(Errc::busy, "the log " + file + " is in use by another lasis convert");
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream lines(text);
    std::string line;
    for (bool first = true; std::getline(lines, line); first = false) {
      const auto cells = splitCsv(trim(line), ',');
      if (first && !cells.empty() && cells[0] == "item_id") continue;
      if (cells.size() >= 4 && cells[3] == "written") {
        m_written[cells[0]] = cells[1];
        m_writtenUids[cells[1]] = cells[0];
      }
    }
    std::string prefix;
    if (text.empty()) prefix = "item_id,uid,time,result,detail\n";
    else if (text.back() != '\n') prefix = "\n";  // a line cut short by a crash stays a line of its own
    if (!prefix.empty()) {
      if (auto s = append(prefix); !s) return s;
      if (text.empty()) syncDirectory();
    }
    return {};
  }

  Status record(const Entry& e) {
    if (auto s = append(csvCell(e.itemId) + "," + csvCell(e.uid) + "," + utcNow() + "," + e.result + "," +
                        csvCell(e.detail) + "\n");
        !s)
      return s;
    if (e.result == "written") {
      m_written[e.itemId] = e.uid;
      m_writtenUids[e.uid] = e.itemId;
    }
    return {};
  }

  /// The tag the log says an item was written to, if it was.
  std::optional<std::string> writtenTo(const std::string& itemId) const {
    auto it = m_written.find(itemId);
    return it == m_written.end() ? std::nullopt : std::optional(it->second);
  }
  /// The item the log says a tag was written with, if any.
  std::optional<std::string> itemOn(const std::string& uid) const {
    auto it = m_writtenUids.find(uid);
    return it == m_writtenUids.end() ? std::nullopt : std::optional(it->second);
  }
  const std::string& path() const { return m_path; }
  std::size_t writtenCount() const { return m_written.size(); }

private:
  Status append(const std::string& text) {
    if (::write(m_fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(m_fd) != 0)
      return fail(Errc::io, "cannot write the log " + m_path + ": " + std::strerror(errno));
    return {};
  }
  void syncDirectory() {
    auto dir = std::filesystem::absolute(m_path).parent_path();
    const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d >= 0) {
      (void)::fsync(d);
      ::close(d);
    }
  }

  std::string m_path;
  int m_fd = -1;
  std::map<std::string, std::string> m_written;      // item id → uid
  std::map<std::string, std::string> m_writtenUids;  // uid → item id
};

/// Says a thing on stderr once, until it changes (a waiting station does not scroll).
class Note {
public:
  void say(const std::string& text) {
    if (text == m_last) return;
    m_last = text;
    if (!text.empty()) std::cerr << "lasis convert: " << text << std::endl;
  }

private:
  std::string m_last;
};

/// The conversion run: the reader, the log, the tags on the pad, the counts.
class Station {
public:
  Station(const ConvertArgs& args, td::Model model, std::string owner, ConvertLog& log)
      : m_args(args), m_model(model), m_owner(std::move(owner)), m_log(log), m_bell(::isatty(2) == 1) {}

  Status openReader() {
    auto r = openQuietReader(m_args.device);
    if (!r) return r.error();
    m_reader = std::move(*r);
    return {};
  }

  /// Converts every item of the source; false when the run had to stop (the log failed).
  bool run(ItemSource& items) {
    std::size_t n = 0;
    while (!g_stop) {
      if (!items.fromCsv() && ::isatty(0) == 1) std::cerr << "scan the next barcode (Ctrl-D ends): " << std::flush;
      auto row = items.next();
      if (!row) break;
      ++n;
      if (m_log.writtenTo(row->itemId) && !m_writtenThisRun.count(row->itemId)) {
        ++m_alreadyDone;  // written by an earlier run: the reader is not touched
        continue;
      }
      const std::string position =
          items.fromCsv() ? std::to_string(n) + "/" + std::to_string(items.total()) : std::to_string(n);
      if (!convertOne(*row, position)) return false;
    }
    return true;
  }

  void printSummary() const {
    const double seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
    const double perHour = seconds > 0 ? m_done * 3600.0 / seconds : 0.0;
    if (m_args.json) {
      OJson s{{"done", m_done},         {"skipped", m_skipped},           {"failed", m_failed},
              {"already_done", m_alreadyDone}, {"seconds", std::round(seconds * 10) / 10},
              {"per_hour", std::round(perHour)}, {"stopped", g_stop != 0}, {"log", m_log.path()}};
      std::cout << OJson{{"summary", s}}.dump() << std::endl;
      return;
    }
    std::ostringstream o;
    o << (g_stop ? "stopped: " : "") << "done " << m_done << ", skipped " << m_skipped << ", failed " << m_failed
      << ", already done before this run " << m_alreadyDone << "; " << static_cast<long>(std::lround(perHour))
      << " items an hour (" << static_cast<long>(std::lround(seconds)) << " s); log " << m_log.path();
    std::cout << o.str() << std::endl;
  }

  int failed() const { return m_failed; }

private:
  enum class Wait { tag, timeout, stopped };

  /// Waits until exactly one tag lies on the pad that is new to this item (see the contract).
  /// `why`: what stood in the way when it last looked ("" for an empty pad), for a timeout.
  Wait waitForTag(const std::string& itemId, std::string& uid, std::string& why) {
    Note note;
    note.say("lay a blank tag for " + itemId + " on the pad");
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_args.waitS));
    for (;;) {
      if (g_stop) return Wait::stopped;
      if (!m_reader) {
        if (auto s = openReader(); !s) {
          why = "the reader is gone (" + s.error().message() + ")";
          note.say(why + "; waiting for it");
        }
      }
      if (m_reader) {
        auto seen = m_reader->inventory();
        if (!seen) {
          why = "the reader failed: " + seen.error().message();
          note.say(why + "; trying again");
          if (seen.error().is(Errc::disconnected)) m_reader.reset();
        } else {
          std::set<std::string> present;
          for (const auto& t : *seen) present.insert(t.uid);
          std::erase_if(m_stillThere, [&](const std::string& u) { return !present.count(u); });
          std::vector<std::string> fresh, done, handled;
          for (const auto& u : present) {
            if (m_log.itemOn(u)) done.push_back(u);
            else if (m_stillThere.count(u)) handled.push_back(u);
            else fresh.push_back(u);
          }
          if (fresh.size() == 1) {
            uid = fresh.front();
            return Wait::tag;
          }
          why.clear();
          if (fresh.size() > 1) {
            std::string list;
            for (const auto& u : fresh) list += (list.empty() ? "" : ", ") + u;
            why = std::to_string(fresh.size()) + " new tags on the pad at once (" + list + ")";
            note.say(why + ": leave only the one for " + itemId);
          } else if (!done.empty()) {
            why = "tag " + done.front() + " (item " + *m_log.itemOn(done.front()) + ", done) is still on the pad";
            note.say(why + ": take it away and lay a blank tag for " + itemId);
          } else if (!handled.empty()) {
            why = "tag " + handled.front() + " of the item before is still on the pad";
            note.say(why + ": take it away and lay a blank tag for " + itemId);
          }
        }
      }
      if (m_args.waitS > 0 && Clock::now() >= deadline) return Wait::timeout;
      std::this_thread::sleep_for(kPollEvery);
    }
  }

  bool convertOne(const ItemRow& row, const std::string& position) {
    td::ItemData item;
    item.model = m_model;
    item.usage = td::usage::circulating;
    item.itemId = row.itemId;
    item.parts = row.parts;
    item.ordinal = row.ordinal;
    item.owner = m_owner;
    ConvertLog::Entry e{row.itemId, {}, {}, {}};
    OJson tag;
    if (auto earlier = m_log.writtenTo(row.itemId)) {
      // The same item twice in one input: its tag exists; a second one would be a duplicate.
      e.uid = *earlier;
      e.result = "skipped";
      e.detail = "already written to tag " + *earlier + " in this run";
    } else if (auto bytes = TagProgrammer::encode(item); !bytes) {
      e.result = "failed";
      e.detail = bytes.error().message();
    } else {
      std::string why;
      switch (waitForTag(row.itemId, e.uid, why)) {
      case Wait::stopped:
        return true;  // this item was not begun: a later run does it
      case Wait::timeout:
        e.result = "failed";
        e.detail = why.empty() ? "no tag on the pad within " + std::to_string(std::lround(m_args.waitS)) + " s"
                               : "no single new tag on the pad within " + std::to_string(std::lround(m_args.waitS)) +
                                     " s: " + why;
        break;
      case Wait::tag: {
        auto done = TagProgrammer(*m_reader).program(e.uid, item, m_args.force);
        // Whatever happened, this tag was handled: the next item waits for another one.
        m_stillThere.insert(e.uid);
        if (!done) {
          e.result = "failed";
          e.detail = done.error().message();
        } else if (done->outcome == TagProgrammer::Outcome::refused) {
          e.result = "skipped";
          e.detail = "holds " + done->holds;
        } else {
          e.result = "written";
          if (done->outcome == TagProgrammer::Outcome::alreadyHeld) e.detail = "the tag already held this item";
          tag = describeTag(done->tag);
        }
        break;
      }
      }
    }
    if (auto s = m_log.record(e); !s) {
      std::cerr << "lasis convert: " << s.error().message() << "; stopping (the run cannot be resumed without it)\n";
      return false;
    }
    if (e.result == "written") {
      ++m_done;
      m_writtenThisRun.insert(e.itemId);
    } else if (e.result == "skipped") {
      ++m_skipped;
    } else {
      ++m_failed;
    }
    if (m_args.json) {
      OJson j{{"item_id", e.itemId}, {"result", e.result}, {"uid", e.uid}, {"detail", e.detail}};
      if (!tag.is_null()) j["tag"] = tag;
      std::cout << j.dump() << std::endl;
    } else {
      std::string line = "[" + position + "] " + e.itemId + " " + e.result;
      if (!e.uid.empty()) line += (e.result == "written" ? " to tag " : " (tag ") + e.uid + (e.result == "written" ? "" : ")");
      if (!e.detail.empty()) line += ": " + e.detail;
      if (e.result == "skipped" && e.detail.rfind("holds ", 0) == 0) line += " (--force overwrites it)";
      std::cout << line << std::endl;
    }
    // The bell: one for success, two for anything the technician must look at.
    if (m_bell) std::cerr << (e.result == "written" ? "\a" : "\a\a") << std::flush;
    return true;
  }

  const ConvertArgs& m_args;
  td::Model m_model;
  std::string m_owner;
  ConvertLog& m_log;
  bool m_bell;
  std::unique_ptr<rfid::TagReader> m_reader;
  std::set<std::string> m_stillThere;  // tags handled in this run that have not left the pad yet
  std::set<std::string> m_writtenThisRun;
  int m_done = 0, m_skipped = 0, m_failed = 0, m_alreadyDone = 0;
  Clock::time_point m_start = Clock::now();
};

int convert(ConvertArgs a) {
  const char* cmd = "lasis convert";
  // The reader: --device, else the kiosk config's reader.url. The tags' owner and model: the
  // flags, else that config's [tags] (read when --config is given or the reader came from it).
  const bool deviceFromConfig = a.device.empty();
  if (!fromConfig(a.device, a.config, "kiosk", cmd, "reader.url", "--device", kioskReaderUrl)) return kExitCannotStart;
  TagSettings tags;
  std::string tagsFrom;
  if (deviceFromConfig || !a.config.empty()) {
    auto path = findConfig(a.config, "kiosk");
    if (!path) {
      std::cerr << cmd << ": " << path.error().message() << "\n";
      return kExitCannotStart;
    }
    auto t = kioskTagSettings(*path);
    if (!t) {
      std::cerr << cmd << ": " << t.error().describe() << "\n";
      return kExitCannotStart;
    }
    tags = *t;
    tagsFrom = *path;
  }
  const std::string owner = a.owner.empty() ? tags.owner : a.owner;
  const std::string modelText = !a.model.empty() ? a.model : !tags.model.empty() ? tags.model : "iso28560-3";
  const auto model = td::parseModel(modelText);
  if (!model) {
    std::cerr << cmd << ": unknown data model \"" << modelText << "\" (iso28560-3 or iso28560-2)\n";
    return kExitCannotStart;
  }
  {
    td::ItemData probe;
    probe.model = *model;
    probe.itemId = "1";
    probe.owner = owner;
    if (auto b = TagProgrammer::encode(probe); !b) {
      std::cerr << cmd << ": the owner ISIL \"" << owner << "\": " << b.error().message() << "\n";
      return kExitCannotStart;
    }
  }

  ItemSource items;
  if (!a.csv.empty()) {
    auto rows = readCsv(a.csv);
    if (!rows) {
      std::cerr << cmd << ": " << rows.error().message() << "\n";
      return kExitCannotStart;
    }
    items = ItemSource(std::move(*rows));
  }

  ConvertLog log;
  if (auto s = log.open(a.log); !s) {
    std::cerr << cmd << ": " << s.error().message() << "\n";
    return kExitCannotStart;
  }
  std::cerr << cmd << ": tags get model " << td::toString(*model) << ", owner "
            << (owner.empty() ? "none (give --owner ISIL or [tags] owner in the kiosk config)" : owner)
            << (tagsFrom.empty() ? "" : " (config " + tagsFrom + ")") << "; log " << log.path() << "\n";
  if (log.writtenCount() > 0)
    std::cerr << cmd << ": resuming: the log has " << log.writtenCount() << " item(s) written; they are not touched again\n";

  Station station(a, *model, owner, log);
  if (auto s = station.openReader(); !s) {
    std::cerr << cmd << ": " << s.error().describe() << "\n";
    return kExitFailed;
  }
  // Stop after the current item: a tag is never left half written by Ctrl-C.
  struct sigaction sa {};
  sa.sa_handler = onStopSignal;
  ::sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a wait for stdin or the reader wakes up
  struct sigaction oldInt {}, oldTerm {};
  ::sigaction(SIGINT, &sa, &oldInt);
  ::sigaction(SIGTERM, &sa, &oldTerm);
  const bool ok = station.run(items);
  ::sigaction(SIGINT, &oldInt, nullptr);
  ::sigaction(SIGTERM, &oldTerm, nullptr);
  station.printSummary();
  return ok && station.failed() == 0 ? 0 : kExitFailed;
}

} // namespace

void addConvertCommands(CLI::App& app, int& exitCode) {
  auto a = std::make_shared<ConvertArgs>();
  auto* c = app.add_subcommand(
      "convert",
      "conversion station: write each item of a CSV, or each barcode scanned, onto the blank tag laid on the pad; "
      "a resumable log, a summary at the end\n"
      "  e.g. lasis convert --config /etc/lasis/kiosk.toml --csv items.csv\n"
      "       lasis convert --device pn532_uart:/dev/ttyUSB0 --owner LV-00001   (then scan barcodes)");
  c->add_option("--csv", a->csv, "items, one a row: a header naming item_id [,parts,ordinal], or one item id a line "
                                 "(default: barcodes on stdin, one a line)");
  c->add_option("--device", a->device, "the reader: nfc:pn532_uart:/dev/ttyUSB0 or a libnfc connstring "
                                       "(default: reader.url of the kiosk config)");
  c->add_option("--config", a->config, "the kiosk config: reader.url, [tags] owner and model (default: the kiosk "
                                       "config in /etc/lasis/ or $LASIS_CONFIG_DIR)");
  c->add_option("--owner", a->owner, "owner library ISIL written on the tags, e.g. LV-00001 (default: [tags] owner)");
  c->add_option("--model", a->model, "iso28560-3 or iso28560-2 (default: [tags] model, else iso28560-3)");
  c->add_option("--log", a->log, "the resumable log (default: convert-log.csv here); items written in it are skipped");
  c->add_option("--wait-s", a->waitS, "how long to wait for a tag per item, in seconds; 0: for ever (default 30)")
      ->check(CLI::Range(0.0, 86400.0));
  c->add_flag("--force", a->force, "overwrite tags that already hold data (without it they are skipped)");
  c->add_flag("--json", a->json, "one JSON object a line instead of text");
  c->callback([a, &exitCode] { exitCode = convert(*a); });
}

} // namespace lasis::cli
