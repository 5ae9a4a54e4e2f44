#include "common/cli/clidoc.h"

#include "common/core/buildinfo.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace lasis::clidoc {

namespace {

/// What follows an option on the command line, for completion.
enum class ValueKind { none, text, file, dir };

/// One option or positional, read off CLI11's definition.
struct Opt {
  std::vector<std::string> names;  ///< "-h", "--help"; empty for a positional
  std::string positional;          ///< the positional's name ("UID"), else empty
  ValueKind value = ValueKind::none;
  std::string valueName;           ///< "FILE", "TEXT", "a|b|c"
  std::vector<std::string> choices;
  std::string description;
  std::string envname;  ///< the variable CLI11 reads when the option is not given
  bool required = false;
};

/// One command (the program itself or a subcommand at any depth).
struct Cmd {
  std::vector<std::string> path;  ///< {"lasis", "gate", "events"}
  std::vector<std::string> descriptionLines;
  std::vector<std::string> examples;  ///< the "e.g. " lines, without "e.g. "
  std::vector<std::string> footerLines;  ///< what --help prints after the options (exit statuses, …)
  std::vector<Opt> options;
  std::vector<Opt> positionals;
  std::vector<Cmd> subcommands;
  /// Per word of `path` below the program: whether that command has options of its own (beyond
  /// --help), so a usage line can say `lasis sip2 [options] status [options] …`.
  std::vector<bool> levelHasOptions;

  std::string joined() const {
    std::string s;
    for (const auto& w : path) s += (s.empty() ? "" : " ") + w;
    return s;
  }
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> splitLines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The items of an IsMember check ("{a,b,c}" in CLI11's type name), none for anything else.
std::vector<std::string> choicesOf(const std::string& typeName) {
  const auto open = typeName.find('{');
  const auto close = typeName.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  const std::string inner = typeName.substr(open + 1, close - open - 1);
  if (inner.find("->") != std::string::npos) return {};  // a mapping transform, not a plain set
  std::vector<std::string> items;
  std::istringstream in(inner);
  for (std::string item; std::getline(in, item, ',');)
    if (!trim(item).empty()) items.push_back(trim(item));
  return items;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Whether an option's value names a file or a directory: a CLI11 path check, or the name or
/// description says so (our options call them --config, --db, --out, --data, --*-dir, "… file").
ValueKind valueKindOf(const CLI::Option& o, const std::string& typeName) {
  std::string name;
  for (const auto& l : o.get_lnames()) name += " " + l + " ";
  const std::string desc = lower(o.get_description());
  if (contains(typeName, ":DIR") || contains(name, "dir") || contains(desc, "directory") ||
      contains(o.get_description(), " DIR"))
    return ValueKind::dir;
  if (contains(typeName, ":FILE") || contains(typeName, ":PATH") || contains(desc, " file") ||
      contains(desc, "file ") || desc.rfind("file", 0) == 0 || contains(desc, ".toml") ||
      contains(desc, ".pem") || contains(desc, ".db"))
    return ValueKind::file;
  for (const char* n : {"config", "db", "out", "data", "script", "cert", "key", "ca", "csv", "log"})
    if (contains(name, std::string(" ") + n + " ") || contains(name, std::string("-") + n + " ")) return ValueKind::file;
  return ValueKind::text;
}

Opt readOption(const CLI::Option& o) {
  Opt r;
  for (const auto& s : o.get_snames()) r.names.push_back("-" + s);
  for (const auto& l : o.get_lnames()) r.names.push_back("--" + l);
  if (!o.nonpositional()) r.positional = o.get_name(true);
  r.description = o.get_description();
  r.envname = o.get_envname();
  r.required = o.get_required();
  if (o.get_items_expected_max() == 0) return r;  // a flag
  const std::string typeName = o.get_type_name();
  r.choices = choicesOf(typeName);
  r.value = valueKindOf(o, typeName);
  if (!r.choices.empty()) {
    for (const auto& c : r.choices) r.valueName += (r.valueName.empty() ? "" : "|") + c;
  } else if (r.value == ValueKind::dir) {
    r.valueName = "DIR";
  } else if (r.value == ValueKind::file) {
    r.valueName = "FILE";
  } else {
    r.valueName = typeName.substr(0, typeName.find(':'));
    if (r.valueName.empty()) r.valueName = "VALUE";
  }
  if (!r.positional.empty() && r.value == ValueKind::text && r.choices.empty()) r.value = ValueKind::none;
  return r;
}

bool hasOptions(const std::vector<Opt>& options) {
  for (const auto& o : options)
    if (std::find(o.names.begin(), o.names.end(), "--help") == o.names.end()) return true;
  return false;
}

Cmd readCommand(const CLI::App& app, std::vector<std::string> path, const std::string& parentFooter = {},
                std::vector<bool> levels = {}) {
  Cmd c;
  c.path = std::move(path);
  for (const auto& line : splitLines(app.get_description())) {
    const std::string t = trim(line);
    if (t.rfind("e.g. ", 0) == 0)
      c.examples.push_back(trim(t.substr(5)));
    else if (!t.empty())
      c.descriptionLines.push_back(line);
  }
  // A subcommand inherits its parent's footer: on the page it is said once, under the parent.
  const std::string footer = app.get_footer();
  if (footer != parentFooter)
    for (const auto& line : splitLines(footer))
      if (!trim(line).empty()) c.footerLines.push_back(line);
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue;  // hidden: --generate itself, benchmark probes
    Opt opt = readOption(*o);
    (opt.positional.empty() ? c.options : c.positionals).push_back(std::move(opt));
  }
  c.levelHasOptions = std::move(levels);
  if (c.path.size() > 1) c.levelHasOptions.push_back(hasOptions(c.options));
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    auto subPath = c.path;
    subPath.push_back(sub->get_name());
    c.subcommands.push_back(readCommand(*sub, std::move(subPath), footer, c.levelHasOptions));
  }
  return c;
}

template <typename F> void forEach(const Cmd& c, const F& f) {
  f(c);
  for (const auto& s : c.subcommands) forEach(s, f);
}

// ---- roff ----

/// Text safe in a roff line: backslashes and hyphens escaped, non-ASCII as \[uXXXX] (groff reads
/// its input as Latin-1 unless told otherwise), no control character at the start of a line.
std::string roff(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // UTF-8: decode one code point.
      int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
      unsigned cp = extra == 3 ? (c & 0x07u) : extra == 2 ? (c & 0x0Fu) : (c & 0x1Fu);
      for (; extra > 0 && i + 1 < s.size(); --extra) cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3Fu);
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", cp);
      out += buf;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string bold(const std::string& s) { return "\\fB" + roff(s) + "\\fR"; }
std::string italic(const std::string& s) { return "\\fI" + roff(s) + "\\fR"; }

std::string optionTag(const Opt& o) {
  if (!o.positional.empty()) return italic(o.positional);
  std::string tag;
  for (const auto& n : o.names) tag += (tag.empty() ? "" : ", ") + bold(n);
  if (!o.valueName.empty()) tag += " " + italic(o.valueName);
  return tag;
}

void describe(std::ostream& out, const std::vector<std::string>& lines) {
  bool first = true;
  for (const auto& line : lines) {
    // A continuation indented in --help starts a line of its own on the page too.
    if (!first && !line.empty() && (line[0] == ' ' || line[0] == '\t')) out << ".br\n";
    out << roff(trim(line)) << "\n";
    first = false;
  }
}

void optionList(std::ostream& out, const std::vector<Opt>& opts, bool skipHelp) {
  for (const auto& o : opts) {
    if (skipHelp && std::find(o.names.begin(), o.names.end(), "--help") != o.names.end()) continue;
    out << ".TP\n" << optionTag(o) << (o.required ? " (required)" : "") << "\n";
    describe(out, splitLines(o.description.empty() ? "" : o.description));
    if (o.description.empty()) out << "\\&\n";
  }
}

/// "lasis sip2 [options] checkout [options] PATRON ITEM": each level's own options after its name.
std::string usage(const Cmd& c) {
  const std::string options = " [" + italic("options") + "]";
  std::string u = bold(c.path.front());
  if (c.path.size() == 1 && hasOptions(c.options)) u += options;
  for (std::size_t i = 1; i < c.path.size(); ++i) {
    u += " " + bold(c.path[i]);
    if (c.levelHasOptions[i - 1]) u += options;
  }
  if (!c.subcommands.empty()) u += " " + italic("command");
  for (const auto& p : c.positionals) u += " " + (p.required ? italic(p.positional) : "[" + italic(p.positional) + "]");
  return u;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return s;
}

// ---- bash ----

std::string shellWords(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

/// "/gate/events" for {"lasis","gate","events"}: the completion's key for a command.
std::string key(const Cmd& c) {
  std::string k;
  for (std::size_t i = 1; i < c.path.size(); ++i) k += "/" + c.path[i];
  return k;
}

std::string functionName(const std::string& program) {
  std::string f = "_" + program;
  std::replace(f.begin(), f.end(), '-', '_');
  return f;
}

} // namespace

PageInfo pageInfo(const std::string& program) {
  PageInfo p;
  p.program = program;
  p.environment.push_back({"LASIS_LOG", "How much goes to stderr (the journal under systemd): trace, debug, info "
                                        "(the default), warn, error or off. At trace the SIP2 client writes every "
                                        "frame, with PINs and passwords masked."});
  if (program == "lasis") {
    p.environment.push_back({"LASIS_CONFIG_DIR", "Where doctor, support-bundle and the commands' --config "
                                                 "defaults look for kiosk.toml and gate.toml instead of /etc/lasis."});
    p.files = {{"/etc/lasis/kiosk.toml", "the kiosk's configuration (ils.url, queue.db, …)"},
               {"/etc/lasis/gate.toml", "the gate's configuration (status.listen, log.db, …)"},
               {"/var/lib/lasis/kiosk.db", "the kiosk's transaction queue"},
               {"/var/lib/lasis/gate.db", "the gate's event log"}};
    p.seeAlso = {"lasis-kiosk(1)", "lasis-gate(1)", "lasis-sim(1)"};
  } else if (program == "lasis-kiosk") {
    p.environment.push_back({"LASIS_TOUR_PIN", "The demo patron's PIN for --tour (never on the command line)."});
    p.files = {{"/etc/lasis/kiosk.toml", "the configuration, every option shown with its default"},
               {"/var/lib/lasis/kiosk.db", "the transaction queue (queue.db)"}};
    p.seeAlso = {"lasis(1)", "lasis-gate(1)", "lasis-sim(1)"};
  } else if (program == "lasis-gate") {
    p.files = {{"/etc/lasis/gate.toml", "the configuration, every option shown with its default"},
               {"/var/lib/lasis/gate.db", "the event log (log.db)"}};
    p.seeAlso = {"lasis(1)", "lasis-kiosk(1)", "lasis-sim(1)"};
  } else {
    p.files = {{"/usr/share/lasis/library.toml", "the simulated library's patrons, items and branches"}};
    p.seeAlso = {"lasis(1)", "lasis-kiosk(1)", "lasis-gate(1)"};
  }
  return p;
}

std::string manPage(const CLI::App& app, const PageInfo& info) {
  const Cmd top = readCommand(app, {info.program});
  const BuildInfo& b = buildInfo();
  std::ostringstream out;
  out << ".\\\" Generated by `" << info.program << " --generate=man` from its command-line definition: do not edit.\n";
  out << ".TH " << upper(roff(info.program)) << " 1 \"" << b.buildDate << "\" \"Lasis " << b.version
      << "\" \"Lasis manual\"\n";

  // NAME: the description's first line without its "program: " prefix.
  std::string summary = top.descriptionLines.empty() ? info.program : trim(top.descriptionLines.front());
  if (summary.rfind(info.program + ":", 0) == 0) summary = trim(summary.substr(info.program.size() + 1));
  out << ".SH NAME\n" << roff(info.program) << " \\- " << roff(summary) << "\n";

  out << ".SH SYNOPSIS\n";
  bool firstUsage = true;
  forEach(top, [&](const Cmd& c) {
    if (!c.subcommands.empty()) return;  // only what can be run
    if (!firstUsage) out << ".br\n";
    out << usage(c) << "\n";
    firstUsage = false;
  });

  out << ".SH DESCRIPTION\n";
  auto description = top.descriptionLines;
  if (!description.empty()) description.front() = summary;
  describe(out, description);
  for (const auto& p : top.positionals) optionList(out, {p}, false);

  if (!top.subcommands.empty()) {
    out << ".SH COMMANDS\n";
    for (const auto& group : top.subcommands)
      forEach(group, [&](const Cmd& c) {
        out << ".SS \"" << roff(c.joined()) << "\"\n";
        describe(out, c.descriptionLines);
        out << ".PP\n" << usage(c) << "\n";
        optionList(out, c.positionals, false);
        optionList(out, c.options, true);
        if (!c.footerLines.empty()) {
          out << ".PP\n";
          describe(out, c.footerLines);
        }
        if (!c.subcommands.empty()) {
          out << ".PP\nCommands:";
          for (const auto& s : c.subcommands) out << " " << bold(s.path.back());
          out << "\n";
        }
      });
  }

  out << ".SH OPTIONS\n";
  optionList(out, top.options, false);
  if (!top.footerLines.empty()) {
    out << ".PP\n";
    describe(out, top.footerLines);
  }

  out << ".SH EXAMPLES\n";
  forEach(top, [&](const Cmd& c) {
    if (c.examples.empty()) return;
    const std::string caption = c.path.size() == 1      ? summary
                                : c.descriptionLines.empty() ? c.joined()
                                                             : trim(c.descriptionLines.front());
    out << ".PP\n" << roff(caption) << ":\n.RS 4\n.nf\n";
    for (const auto& e : c.examples) out << roff(e) << "\n";
    out << ".fi\n.RE\n";
  });

  // The page's own variables, then those an option reads when it is not given (CLI11's envname).
  auto environment = info.environment;
  forEach(top, [&](const Cmd& c) {
    for (const auto& o : c.options)
      if (!o.envname.empty() && !o.names.empty())
        environment.push_back({o.envname, "The value of " + o.names.back() + " of " + c.joined() + " when it is not given."});
  });
  if (!environment.empty()) {
    out << ".SH ENVIRONMENT\n";
    for (const auto& [name, text] : environment) out << ".TP\n" << bold(name) << "\n" << roff(text) << "\n";
  }
  if (!info.files.empty()) {
    out << ".SH FILES\n";
    for (const auto& [path, text] : info.files) out << ".TP\n" << italic(path) << "\n" << roff(text) << "\n";
  }
  if (!info.seeAlso.empty()) {
    out << ".SH \"SEE ALSO\"\n";
    std::string refs;
    for (const auto& s : info.seeAlso) {
      const auto paren = s.find('(');
      refs += (refs.empty() ? "" : ",\n") + bold(s.substr(0, paren)) + roff(s.substr(paren));
    }
    out << refs << "\n";
  }
  return out.str();
}

std::string bashCompletion(const CLI::App& app, const PageInfo& info) {
  const Cmd top = readCommand(app, {info.program});
  const std::string fn = functionName(info.program);
  std::ostringstream out;
  out << "# bash completion for " << info.program << ", generated by `" << info.program
      << " --generate=bash-completion` from its command-line definition: do not edit.\n";
  out << fn << "() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev= at= i subs= opts= choices=\n"
      << "  [ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  COMPREPLY=()\n";
  std::vector<std::string> keys;
  forEach(top, [&](const Cmd& c) {
    if (c.path.size() > 1) keys.push_back("'" + key(c) + "'");
  });
  if (!keys.empty()) {
    std::string pattern;
    for (const auto& k : keys) pattern += (pattern.empty() ? "" : "|") + k;
    out << "  # The command so far: each word naming a subcommand of the one before goes one level down.\n"
        << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "    case \"$at/${COMP_WORDS[i]}\" in\n"
        << "      " << pattern << ") at=$at/${COMP_WORDS[i]} ;;\n"
        << "    esac\n"
        << "  done\n";
  }
  out << "  # The value of the option before the cursor (free text: nothing to offer).\n"
      << "  case \"$at $prev\" in\n";
  forEach(top, [&](const Cmd& c) {
    for (const auto& o : c.options) {
      if (o.value == ValueKind::none) continue;
      std::string pattern;
      for (const auto& n : o.names) pattern += (pattern.empty() ? "" : "|") + ("'" + key(c) + " " + n + "'");
      out << "    " << pattern << ")\n";
      if (o.value == ValueKind::text && o.choices.empty()) {
        out << "      return ;;\n";
        continue;
      }
      out << "      ";
      if (!o.choices.empty())
        out << "COMPREPLY=($(compgen -W '" << shellWords(o.choices) << "' -- \"$cur\"))";
      else if (o.value == ValueKind::dir)
        out << "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))";
      else if (o.value == ValueKind::file)
        out << "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
      out << "\n      return ;;\n";
    }
  });
  out << "  esac\n"
      << "  case \"$at\" in\n";
  forEach(top, [&](const Cmd& c) {
    std::vector<std::string> subs, opts, choices;
    for (const auto& s : c.subcommands) subs.push_back(s.path.back());
    for (const auto& o : c.options) opts.insert(opts.end(), o.names.begin(), o.names.end());
    for (const auto& p : c.positionals) choices.insert(choices.end(), p.choices.begin(), p.choices.end());
    out << "    '" << key(c) << "') subs='" << shellWords(subs) << "' opts='" << shellWords(opts) << "' choices='"
        << shellWords(choices) << "' ;;\n";
  });
  out << "  esac\n"
      << "  # Options when the word starts with '-' or there is no subcommand left to name.\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
      << "  elif [ -n \"$subs\" ]; then\n"
      << "    COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
      << "  else\n"
      << "    COMPREPLY=($(compgen -W \"$choices $opts\" -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "complete -F " << fn << " " << info.program << "\n";
  return out.str();
}

std::optional<int> generateIfAsked(CLI::App& app, int argc, const char* const* argv, const std::string& program) {
  app.add_option("--generate", "print this program's man page or bash completion script and exit")
      ->check(CLI::IsMember({"man", "bash-completion"}))
      ->group("");
  std::optional<std::string> kind;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--generate=", 0) == 0) kind = arg.substr(11);
    else if (arg == "--generate") kind = i + 1 < argc ? argv[i + 1] : "";
  }
  if (!kind) return std::nullopt;
  if (*kind == "man") {
    std::cout << manPage(app, pageInfo(program));
  } else if (*kind == "bash-completion") {
    std::cout << bashCompletion(app, pageInfo(program));
  } else {
    std::cerr << program << ": --generate takes man or bash-completion, not '" << *kind << "'\n";
    return 2;
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

} // namespace lasis::clidoc
