// The one way a kubestrap command runs. A command declares its flags and its work; everything around them
// is here, the same for every command: the common flags (--root-dir or $KUBESTRAP_ROOT_DIR, -o/--output,
// -v/--verbose, -h/--help, and --dry-run where the command has it) parsed and validated alike, one help
// layout, the node's root and the real host built once, progress through one reporter, and under -o json
// exactly one document on stdout whose shape — the error included — does not depend on the command. Every
// error, a malformed flag included, exits with the code its kind maps to (base/error.hpp).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "cli/output.hpp"

namespace ks::host {
struct Host;
}
namespace ks::workflow {
class Reporter;
}

namespace ks::cli {

// One flag of a command, as data: the scaffold parses it, lists it in the help and hands over its value.
struct Flag {
  std::string name;         // the long name, without dashes
  std::string placeholder;  // the value's name in the help ("CIDR"); empty for an on/off flag
  std::string help;
  bool list = false;    // may be repeated; comma-separated values are split
  char short_name = 0;  // 'o' for -o

  static Flag text(std::string name, std::string placeholder, std::string help);
  static Flag list_of(std::string name, std::string placeholder, std::string help);
  static Flag boolean(std::string name, std::string help);
};

// The command line after the command's words, parsed: values by long name and the positional arguments.
struct ParsedFlags {
  std::map<std::string, std::vector<std::string>, std::less<>> values;  // on/off flags: present when on
  std::vector<std::string> given;      // long names of the flags given, in order
  std::vector<std::string> arguments;  // positional arguments

  bool has(std::string_view name) const { return values.contains(name); }
  // The last value given.
  std::optional<std::string> text(std::string_view name) const;
  // Every value given, commas split.
  std::vector<std::string> list(std::string_view name) const;
};

// What a command's work gets from the scaffold.
struct Context {
  const ParsedFlags& flags;
  bool dry_run;
  OutputFormat output;
  const std::string&
      root;  // the node's root: --root-dir, $KUBESTRAP_ROOT_DIR, a dry run's temporary one, or /
  host::Host& host;
  workflow::Reporter& reporter;  // all progress, in both formats
  // The command's own fields of the -o json document; printed with the common ones even when the work fails.
  nlohmann::json& result;
  // With text output, printed on stdout after the progress when the work succeeds (a listing, a closing
  // note).
  std::string& text_result;
};

struct CommandSpec {
  std::string path;     // the words after `kubestrap`: "config images list"
  std::string summary;  // one sentence without its full stop: the command list and the help's first line
  std::vector<Flag> flags;
  bool dry_run = false;  // takes --dry-run
  // Its dry run reads the node itself instead of a scratch root: for commands that write no files and only
  // talk to the cluster (token), whose dry run sends no writes.
  bool dry_run_reads_node = false;
  std::string arguments = {};  // positional arguments as the usage line shows them; empty: none taken
  bool arguments_required = false;
  std::function<std::string()> details = {};  // help between the usage and the flags (init: the phase tree)
  std::function<Status(Context&)> run;
};

// Words that only lead to commands ("config", "join phase"); groups without an entry get a generic help.
struct CommandGroup {
  std::string path;
  std::string summary;
  std::string details = {};
};

struct CommandTable {
  std::vector<CommandGroup> groups;
  std::vector<CommandSpec> commands;  // in the order the help lists them
};

// The command's own and the common flags, parsed. An unknown flag, a missing value and an unexpected
// argument are InvalidInput errors naming the flag or argument.
Result<ParsedFlags> parse_flags(const CommandSpec& spec, std::span<const std::string> args);
// Summary, usage line, details, the command's flags, the common flags, the exit codes.
std::string help_text(const CommandSpec& spec);
// parse -> --help -> common flags -> root and host -> the command's work -> output. Returns the exit code.
int run_command(const CommandSpec& spec, std::span<const std::string> args);
// `kubestrap <words> [flags]` (args without the program name): the command whose words lead the
// arguments, a group's help, or an unknown-command error. Returns the exit code.
int dispatch(const CommandTable& table, std::span<const std::string> args);

}  // namespace ks::cli
