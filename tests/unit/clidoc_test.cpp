// Man pages and bash completion generated from each binary's command line (issue 26): every
// command has an example on its page, groff renders every page without a warning, and bash with
// the completion sourced completes commands, subcommands, options, choices and file names.
#include "tests/support/shellrun.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using lasis::test::runShell;

namespace {

const std::string kBin = LASIS_BIN_DIR;
const std::vector<std::string> kPrograms{"lasis", "lasis-kiosk", "lasis-gate", "lasis-sim"};

std::string generate(const std::string& program, const std::string& kind) {
  auto r = runShell("LASIS_LOG=off timeout 30 " + kBin + "/" + program + " --generate=" + kind + " 2>&1");
  EXPECT_EQ(r.rc, 0) << program << " --generate=" << kind << ": " << r.out;
  return r.out;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string w; in >> w;) v.push_back(w);
  return v;
}

/// A roff text line as a reader sees it: "\-" is "-", font changes and "\&" vanish.
std::string plain(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[i + 1];
      if (c == '-') out += '-';
      else if (c == 'e') out += '\\';
      else if (c == 'f' && i + 2 < s.size()) ++i;  // \fB, \fR, \fI
      ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

/// The text lines of a section (between ".SH NAME" and the next ".SH"), roff requests left out.
std::vector<std::string> section(const std::string& page, const std::string& name, std::vector<std::string>* requests = nullptr) {
  std::vector<std::string> text;
  bool in = false;
  for (const auto& l : lines(page)) {
    if (l.rfind(".SH ", 0) == 0) {
      in = l == ".SH " + name || l == ".SH \"" + name + "\"";
      continue;
    }
    if (!in) continue;
    if (!l.empty() && l[0] == '.') {
      if (requests) requests->push_back(plain(l));
    } else {
      text.push_back(plain(l));
    }
  }
  return text;
}

/// Whether `sub`'s words occur in `all` in that order (options and arguments may sit between).
bool subsequence(const std::vector<std::string>& sub, const std::vector<std::string>& all) {
  std::size_t i = 0;
  for (const auto& w : all)
    if (i < sub.size() && w == sub[i]) ++i;
  return i == sub.size();
}

} // namespace

// Every command that can be run (a leaf of the command tree, or the program itself when it has
// no subcommands) has at least one example under EXAMPLES naming it; the sections are all there.
TEST(ClidocManPage, EveryCommandHasAnExample) {
  for (const auto& program : kPrograms) {
    SCOPED_TRACE(program);
    const std::string page = generate(program, "man");
    for (const char* s : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH EXAMPLES",
                          ".SH ENVIRONMENT", ".SH FILES", ".SH \"SEE ALSO\""})
      EXPECT_NE(page.find(std::string(s) + "\n"), std::string::npos) << s;
    EXPECT_NE(page.find("LASIS_LOG"), std::string::npos);
    EXPECT_EQ(page.find("\\-\\-generate"), std::string::npos) << "the hidden --generate is on the page";

    std::vector<std::string> headings;
    section(page, "COMMANDS", &headings);
    std::vector<std::string> commands;
    for (const auto& h : headings)
      if (h.rfind(".SS \"", 0) == 0) commands.push_back(h.substr(5, h.size() - 6));
    std::vector<std::string> leaves;
    for (const auto& c : commands) {
      bool parent = false;
      for (const auto& other : commands) parent = parent || other.rfind(c + " ", 0) == 0;
      if (!parent) leaves.push_back(c);
    }
    if (leaves.empty()) leaves.push_back(program);  // lasis-kiosk and lasis-gate: the program is the command

    const auto examples = section(page, "EXAMPLES");
    for (const auto& leaf : leaves) {
      bool found = false;
      for (const auto& e : examples) found = found || (e.rfind(program + " ", 0) == 0 && subsequence(words(leaf), words(e)));
      EXPECT_TRUE(found) << "no example of '" << leaf << "' in the man page";
    }
    if (program == "lasis") {
      // The tree is all there, not only what the test happens to look for.
      for (const char* c : {"lasis queue stats", "lasis sip2 checkout", "lasis gate walktest", "lasis tag decode",
                            "lasis reader write", "lasis doctor", "lasis support-bundle", "lasis staff hash-pin"})
        EXPECT_NE(std::find(leaves.begin(), leaves.end(), c), leaves.end()) << c;
      EXPECT_NE(page.find("LASIS_CONFIG_DIR"), std::string::npos);
      const auto environment = section(page, "ENVIRONMENT");  // with the variables options read (--ils)
      EXPECT_NE(std::find(environment.begin(), environment.end(), "LASIS_ILS"), environment.end());
    }
    if (program == "lasis-sim") {
      EXPECT_EQ(leaves.size(), 6u);  // ils, reader, gate-io, site, scanner, network
    }
  }
}

// groff, as man(1) runs it, with every warning on: not one for any page.
TEST(ClidocManPage, GroffRendersEveryPageWithoutAWarning) {
  ASSERT_EQ(runShell("command -v groff >/dev/null").rc, 0) << "groff is not installed (./run installs groff-base)";
  const auto dir = std::filesystem::temp_directory_path() / ("lasis-clidoc-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto& program : kPrograms) {
    SCOPED_TRACE(program);
    const auto file = dir / (program + ".1");
    std::ofstream(file) << generate(program, "man");
    auto warnings = runShell("groff -man -Tutf8 -ww '" + file.string() + "' 2>&1 >/dev/null");
    EXPECT_EQ(warnings.rc, 0);
    EXPECT_EQ(warnings.out, "");
    auto text = runShell("groff -man -Tutf8 -P-cbou '" + file.string() + "' 2>/dev/null");  // plain text
    EXPECT_NE(text.out.find("EXAMPLES"), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

// The completion sourced into bash and driven as readline would (COMP_WORDS, COMP_CWORD).
TEST(ClidocBashCompletion, CompletesCommandsOptionsChoicesAndFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("lasis-completion-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "etc");
  std::ofstream(dir / "etc" / "kiosk.toml") << "[kiosk]\n";
  for (const auto& program : kPrograms) std::ofstream(dir / program) << generate(program, "bash-completion");

  // c WORD...: complete the last word; prints the candidates sorted, space-separated.
  std::string script = "set -u\n";
  for (const auto& program : kPrograms) script += "source '" + (dir / program).string() + "'\n";
  script += R"(c() {
  local f=$(complete -p "$1" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  "$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'; echo
}
)";
  const std::string files = (dir / "etc").string();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"c lasis qu", "queue"},
      {"c lasis queue ''", "exceptions export list replay resolve stats"},
      {"c lasis queue stats --c", "--config"},
      {"c lasis queue stats --config '" + files + "/ki'", files + "/kiosk.toml"},
      {"c lasis gate events --format ''", "csv json table"},
      {"c lasis doctor --kind g", "gate"},
      {"c lasis gate status --modbus ''", ""},  // free text: nothing offered, not the options
      {"c lasis sip2 --ils URL che", "checkin checkout"},
      {"c lasis support-bundle --config-dir '" + files + "'", files},
      {"c lasis-sim s", "scanner site"},
      {"c lasis-gate --check", "--check-config"},
      {"c lasis-kiosk --self", "--self-test"},
  };
  std::string all = script;
  for (const auto& [words, expected] : cases) all += words + "\n";
  const std::string scriptFile = (dir / "drive.sh").string();
  std::ofstream(scriptFile) << all;
  auto r = runShell("timeout 30 bash --norc --noprofile '" + scriptFile + "' 2>&1");
  ASSERT_EQ(r.rc, 0) << r.out;
  const auto got = lines(r.out);
  ASSERT_EQ(got.size(), cases.size()) << r.out;
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(got[i], cases[i].second) << cases[i].first;
  std::filesystem::remove_all(dir);
}

// The option that prints all this stays out of --help; a wrong kind is refused.
TEST(ClidocGenerate, HiddenFromHelpAndChecked) {
  for (const auto& program : kPrograms) {
    SCOPED_TRACE(program);
    auto help = runShell("LASIS_LOG=off timeout 30 " + kBin + "/" + program + " --help 2>&1");
    EXPECT_EQ(help.out.find("--generate"), std::string::npos) << help.out;
    auto bad = runShell("LASIS_LOG=off timeout 30 " + kBin + "/" + program + " --generate=pdf 2>&1");
    EXPECT_EQ(bad.rc, 2) << bad.out;
  }
}
