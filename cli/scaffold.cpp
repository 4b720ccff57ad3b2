#include "cli/scaffold.hpp"

#include <algorithm>
#include <cxxopts.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "base/utf8.hpp"
#include "cli/help.hpp"
#include "cli/real_host.hpp"
#include "workflow/reporter.hpp"

namespace ks::cli {

Flag Flag::text(std::string name, std::string placeholder, std::string help) {
  return Flag{std::move(name), std::move(placeholder), std::move(help)};
}

Flag Flag::list_of(std::string name, std::string placeholder, std::string help) {
  return Flag{std::move(name), std::move(placeholder), std::move(help), true};
}

Flag Flag::boolean(std::string name, std::string help) {
  return Flag{std::move(name), "", std::move(help)};
}

std::optional<std::string> ParsedFlags::text(std::string_view name) const {
  auto found = values.find(name);
  if (found == values.end() || found->second.empty()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string> ParsedFlags::list(std::string_view name) const {
  auto found = values.find(name);
  return found == values.end() ? std::vector<std::string>{} : found->second;
}

namespace {

std::string program(const CommandSpec& spec) {
  return "kubestrap " + spec.path;
}

std::string see_help(const std::string& path) {
  return "see 'kubestrap " + path + (path.empty() ? "" : " ") + "--help'";
}

// cxxopts names the flag (or the value it could not read) between its quote characters: "Option ‘x’ does
// not exist".
std::string quoted_name(const std::string& message) {
  auto open = message.find(cxxopts::LQUOTE);
  if (open == std::string::npos) return "";
  open += cxxopts::LQUOTE.size();
  auto close = message.find(cxxopts::RQUOTE, open);
  return close == std::string::npos ? "" : message.substr(open, close - open);
}

std::string flag_problem(const cxxopts::exceptions::exception& e, const std::vector<Flag>& flags,
                         const std::vector<std::string>& words) {
  auto name = quoted_name(e.what());
  if (name.empty()) return e.what();
  auto flag = name.starts_with('-') ? name : (name.size() == 1 ? "-" : "--") + name;
  if (dynamic_cast<const cxxopts::exceptions::no_such_option*>(&e)) return "unknown flag " + flag;
  if (dynamic_cast<const cxxopts::exceptions::missing_argument*>(&e) ||
      dynamic_cast<const cxxopts::exceptions::option_requires_argument*>(&e))
    return "flag " + flag + " needs a value";
  if (dynamic_cast<const cxxopts::exceptions::invalid_option_syntax*>(&e))
    return "malformed flag " + quote(name);
  if (dynamic_cast<const cxxopts::exceptions::incorrect_argument_type*>(&e)) {
    // Only on/off flags have a typed value, and cxxopts names the value alone: find the flag it was given to.
    for (const auto& candidate : flags)
      if (candidate.placeholder.empty() && std::ranges::count(words, "--" + candidate.name + "=" + name))
        return "--" + candidate.name + " " + quote(name) + ": expected true or false";
    return "an on/off flag was given " + quote(name) + ": expected true or false";
  }
  return e.what();
}

// A common flag's error points at the help when it has no fix of its own.
Error with_help(Error error, const CommandSpec& spec) {
  if (error.fix.empty()) error.fix = see_help(spec.path);
  return error;
}

// The one document of -o json: the reporter's progress, the command's own fields, and what every command has.
nlohmann::json document(const std::string& path, const workflow::JsonReporter& reporter,
                        const nlohmann::json& result) {
  auto document = reporter.document();
  for (const auto& [key, value] : result.items()) document[key] = value;
  document["command"] = path;
  return document;
}

std::vector<std::string> words_of(const std::string& path) {
  return path.empty() ? std::vector<std::string>{} : split(path, ' ');
}

bool asks_for_help(std::span<const std::string> args) {
  for (const auto& arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") return true;
  }
  return false;
}

// `kubestrap <group>` without one of its commands: the group's help, or an error naming what there is.
int run_group(const CommandTable& table, const std::string& path, std::span<const std::string> args) {
  if (asks_for_help(args) || (path.empty() && !args.empty() && args.front() == "help")) {
    std::cout << group_help(table, path);
    return 0;
  }
  if (path.empty() && args.empty()) {  // `kubestrap` alone: the usage, and the exit code of invalid input
    std::cout << group_help(table, path);
    return exit_code(ErrorKind::InvalidInput);
  }
  std::vector<std::string> commands;
  for (const auto& command : table.commands)
    if (under(command.path, path)) commands.push_back("'kubestrap " + command.path + "'");
  Error error{ErrorKind::InvalidInput, "kubestrap" + (path.empty() ? "" : " " + path), "", see_help(path)};
  if (path.empty())
    error.why = "unknown command " + quote(args.front());
  else if (commands.size() == 1)
    error.why = "only " + commands.front() + " is available in this version";
  else
    error.why = "expected one of " + join(commands, ", ");
  auto format = requested_output(args);
  int code = report_error(error, format, document(path, workflow::JsonReporter(), nlohmann::json::object()));
  if (format == OutputFormat::Text) std::cerr << '\n' << group_help(table, path);
  return code;
}

// An exception reaching the scaffold is a bug: say so, and in which command, rather than abort.
Error internal_error(const std::string& path, std::string_view what) {
  return Error{ErrorKind::Failure, "internal error in 'kubestrap" + (path.empty() ? "" : " " + path) + "'",
               printable(what, 300), "please report this, with the command line (without secrets)"};
}

}  // namespace

Result<ParsedFlags> parse_flags(const CommandSpec& spec, std::span<const std::string> args) {
  auto flags = spec.flags;
  for (auto& flag : common_flags(spec)) flags.push_back(std::move(flag));
  cxxopts::Options options(program(spec), spec.summary);
  auto add = options.add_options();
  for (const auto& flag : flags) {
    auto names = flag.short_name ? std::string(1, flag.short_name) + "," + flag.name : flag.name;
    if (flag.placeholder.empty())
      add(names, flag.help);
    else
      add(names, flag.help, cxxopts::value<std::string>());
  }
  // kubeadm spells the log level --v; cxxopts wants long names of two letters or more.
  std::vector<std::string> words = {program(spec)};
  bool positional_only = false;
  for (const auto& arg : args) {
    positional_only = positional_only || arg == "--";
    if (!positional_only && (arg == "--v" || arg.starts_with("--v=")))
      words.push_back("--verbose" + arg.substr(3));
    else
      words.push_back(arg);
  }
  std::vector<const char*> argv;
  for (const auto& word : words) argv.push_back(word.c_str());

  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return invalid(program(spec), printable(flag_problem(e, flags, words), 200), see_help(spec.path));
  }
  ParsedFlags result;
  for (const auto& argument : parsed.arguments()) {
    const auto& flag = *std::ranges::find(flags, argument.key(), &Flag::name);
    result.given.push_back(flag.name);
    if (flag.placeholder.empty()) continue;  // on/off: the last value given counts, below
    auto& values = result.values[flag.name];
    if (!flag.list) values.clear();
    for (auto& value : flag.list ? split(argument.value(), ',') : std::vector{argument.value()})
      values.push_back(std::move(value));
  }
  for (const auto& flag : flags)
    if (flag.placeholder.empty() && parsed[flag.name].as<bool>()) result.values[flag.name] = {};
  result.arguments = parsed.unmatched();
  if (spec.arguments.empty() && !result.arguments.empty())
    return invalid(program(spec),
                   "unexpected argument " + quote(result.arguments.front()) + ": it takes flags only",
                   see_help(spec.path));
  return result;
}

namespace {

// parse -> --help -> common flags -> root and host -> the command's work -> output.
int run_steps(const CommandSpec& spec, std::span<const std::string> args) {
  workflow::JsonReporter json_reporter;
  nlohmann::json result = nlohmann::json::object();
  auto format = requested_output(args);
  auto fail = [&](const Error& error) {
    return report_error(error, format, document(spec.path, json_reporter, result));
  };

  auto parsed = parse_flags(spec, args);
  if (!parsed) return fail(parsed.error());
  const auto& flags = *parsed;
  if (flags.has("help")) {
    std::cout << help_text(spec);
    return 0;
  }
  auto output = parse_output_format(flags.text("output").value_or("text"));
  if (!output) return fail(with_help(output.error(), spec));
  format = *output;
  if (auto level = apply_verbosity(flags.text("verbose").value_or("0")); !level)
    return fail(with_help(level.error(), spec));
  if (spec.arguments_required && flags.arguments.empty()) {
    if (format == OutputFormat::Text) std::cout << help_text(spec);
    return fail(
        Error{ErrorKind::InvalidInput, program(spec), "expected " + spec.arguments, see_help(spec.path)});
  }
  bool dry_run = flags.has("dry-run");
  auto root = node_root(flags.text("root-dir"), dry_run && !spec.dry_run_reads_node);
  if (!root) return fail(with_help(root.error(), spec));
  if (spec.dry_run) {
    result["rootDir"] = *root;
    result["dryRun"] = dry_run;
  }

  workflow::TextReporter text_reporter(std::cout, std::cerr);
  workflow::Reporter& reporter =
      format != OutputFormat::Text ? static_cast<workflow::Reporter&>(json_reporter) : text_reporter;
  if (dry_run && !spec.dry_run_reads_node)
    reporter.line("dryrun",
                  "Writing the node's files under " + *root + "; nothing else on this machine changes");
  RealHost real_host(*root, dry_run, [&](const std::string& text) { reporter.line("dryrun", text); });
  std::string text_result;
  Context context{flags, dry_run, format, *root, real_host.view(), reporter, result, text_result};
  auto status = spec.run(context);
  if (!status) return fail(status.error());
  if (format == OutputFormat::Text) {
    std::cout << text_result << std::flush;
    return 0;
  }
  auto done = document(spec.path, json_reporter, result);
  done["exitCode"] = 0;
  std::cout << document_text(done, format) << '\n';
  return 0;
}

}  // namespace

int run_command(const CommandSpec& spec, std::span<const std::string> args) {
  auto internal = [&](std::string_view what) {
    return report_error(internal_error(spec.path, what), requested_output(args),
                        document(spec.path, workflow::JsonReporter(), nlohmann::json::object()));
  };
  try {
    return run_steps(spec, args);
  } catch (const std::exception& e) {
    return internal(e.what());
  } catch (...) {
    return internal("an unknown exception");
  }
}

int dispatch(const CommandTable& table, std::span<const std::string> args) {
  const CommandSpec* command = nullptr;
  size_t used = 0;
  for (const auto& candidate : table.commands) {
    auto words = words_of(candidate.path);
    if (words.size() > used && words.size() <= args.size() &&
        std::ranges::equal(words, args.first(words.size()))) {
      command = &candidate;
      used = words.size();
    }
  }
  if (command) return run_command(*command, args.subspan(used));
  try {
    // The longest run of leading words that some command starts with names the group.
    std::string group;
    for (size_t n = 1; n <= args.size(); ++n) {
      auto words = std::vector<std::string>(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(n));
      auto path = join(words, " ");
      if (std::ranges::none_of(table.commands, [&](const auto& c) { return under(c.path, path); })) break;
      group = path;
      used = n;
    }
    return run_group(table, group, args.subspan(used));
  } catch (const std::exception& e) {
    return report_error(internal_error("", e.what()), requested_output(args),
                        document("", workflow::JsonReporter(), nlohmann::json::object()));
  }
}

}  // namespace ks::cli
