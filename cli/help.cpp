#include "cli/help.hpp"

#include <algorithm>

#include "base/strings.hpp"

namespace ks::cli {

namespace {

constexpr size_t kHelpWidth = 110;
constexpr std::string_view kExitCodes =
    "Exit codes: 0 success, 1 failure (a phase, a command, I/O), 2 preflight checks failed, 3 invalid input\n"
    "(nothing changed), 4 existing node state conflicts with the request (nothing overwritten).\n";

Flag with_short(Flag flag, char short_name) {
  flag.short_name = short_name;
  return flag;
}

// `text` wrapped at word boundaries to `width` columns, continuation lines indented by `indent`.
std::string wrapped(std::string_view text, size_t indent, size_t width) {
  std::string out;
  size_t column = indent;
  for (const auto& word : split(text, ' ')) {
    if (word.empty()) continue;
    if (column > indent && column + 1 + word.size() > width) {
      out += '\n' + std::string(indent, ' ');
      column = indent;
    } else if (column > indent) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out;
}

std::string flag_column(const Flag& flag) {
  std::string column = flag.short_name ? std::string("  -") + flag.short_name + ", " : std::string(6, ' ');
  column += "--" + flag.name;
  if (!flag.placeholder.empty()) column += " " + flag.placeholder;
  return column;
}

std::string flag_lines(const std::vector<Flag>& flags, size_t column) {
  std::string out;
  for (const auto& flag : flags) {
    auto left = flag_column(flag);
    out += left.size() + 2 > column ? left + '\n' + std::string(column, ' ')
                                    : left + std::string(column - left.size(), ' ');
    out += wrapped(flag.help, column, kHelpWidth) + '\n';
  }
  return out;
}

}  // namespace

std::vector<Flag> common_flags(const CommandSpec& spec) {
  std::vector<Flag> flags;
  if (spec.dry_run)
    flags.push_back(
        Flag::boolean("dry-run",
                      "Change nothing on this machine: write the node's files under --root-dir or a "
                      "new temporary directory, and print commands and API requests instead"));
  flags.push_back(Flag::text("root-dir", "DIR",
                             "Treat DIR as the machine's root: every file read or written resolves under it "
                             "(default $KUBESTRAP_ROOT_DIR or /)"));
  flags.push_back(
      with_short(Flag::text("output", "text|json|yaml",
                            "Output format: progress as text, or one JSON (or YAML) document at the end"),
                 'o'));
  flags.push_back(with_short(
      Flag::text("verbose", "0|1|2", "Log level on stderr: 0 warnings, 1 info, 2 debug (--v is the same)"),
      'v'));
  flags.push_back(with_short(Flag::boolean("help", "Show this help"), 'h'));
  return flags;
}

bool under(const std::string& path, const std::string& group) {
  return group.empty() || path == group || path.starts_with(group + " ");
}

std::string help_text(const CommandSpec& spec) {
  std::string text = spec.summary + ".\n\nUsage:\n  kubestrap " + spec.path +
                     (spec.arguments.empty() ? "" : " " + spec.arguments) + " [flags]\n";
  if (spec.details) text += '\n' + spec.details();
  auto common = common_flags(spec);
  size_t column = 0;
  for (const auto& flag : spec.flags) column = std::max(column, flag_column(flag).size() + 2);
  for (const auto& flag : common) column = std::max(column, flag_column(flag).size() + 2);
  column = std::min<size_t>(column, 40);
  if (!spec.flags.empty()) text += "\nFlags:\n" + flag_lines(spec.flags, column);
  text += "\nCommon flags:\n" + flag_lines(common, column);
  text += '\n' + std::string(kExitCodes);
  return text;
}

// The commands under `path` ("" for all of them): the top level lists first words, a group its commands.
std::string group_help(const CommandTable& table, const std::string& path) {
  auto group = std::ranges::find(table.groups, path, &CommandGroup::path);
  auto summary_of = [&](const std::string& word) {
    if (auto g = std::ranges::find(table.groups, word, &CommandGroup::path); g != table.groups.end())
      return g->summary;
    auto c = std::ranges::find(table.commands, word, &CommandSpec::path);
    return c == table.commands.end() ? std::string() : c->summary;
  };
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& command : table.commands) {
    if (!under(command.path, path)) continue;
    if (!path.empty()) {
      entries.emplace_back("kubestrap " + command.path, command.summary);
      continue;
    }
    auto word = command.path.substr(0, command.path.find(' '));
    if (std::ranges::find(entries, word, &std::pair<std::string, std::string>::first) == entries.end())
      entries.emplace_back(word, summary_of(word));
  }
  std::string text = path.empty() ? "kubestrap: bring up a Kubernetes cluster on machines you own"
                     : group != table.groups.end() ? group->summary
                                                   : "The commands of 'kubestrap " + path + "'";
  text += ".\n\nUsage:\n  kubestrap " + (path.empty() ? "" : path + " ") + "<command> [flags]\n";
  if (group != table.groups.end() && !group->details.empty()) text += '\n' + group->details;
  size_t width = 12;
  for (const auto& entry : entries) width = std::max(width, entry.first.size() + 3);
  text += "\nCommands:\n";
  for (const auto& [name, summary] : entries)
    text +=
        "  " + name + std::string(width - name.size(), ' ') + wrapped(summary, width + 2, kHelpWidth) + '\n';
  text += "\nRun 'kubestrap <command> --help' for a command's flags.\n";
  return text;
}

}  // namespace ks::cli
