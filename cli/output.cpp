#include "cli/output.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "base/yaml_writer.hpp"

namespace ks::cli {

Result<OutputFormat> parse_output_format(const std::string& text) {
  if (text == "text" || text.empty()) return OutputFormat::Text;
  if (text == "json") return OutputFormat::Json;
  if (text == "yaml") return OutputFormat::Yaml;
  return invalid("--output " + quote(text), "expected text, json or yaml");
}

OutputFormat requested_output(std::span<const std::string> args) {
  OutputFormat format = OutputFormat::Text;  // the last one given wins, as when the flags are parsed
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") break;
    if ((arg == "-o" || arg == "--output") && i + 1 < args.size()) {
      arg = args[++i];
    } else if (arg.starts_with("--output=")) {
      arg.remove_prefix(9);
    } else if (arg.starts_with("-o")) {
      arg.remove_prefix(2);
    } else {
      continue;
    }
    format = arg == "json" ? OutputFormat::Json : arg == "yaml" ? OutputFormat::Yaml : OutputFormat::Text;
  }
  return format;
}

std::string json_text(const nlohmann::json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string document_text(const nlohmann::json& document, OutputFormat format) {
  auto text = json_text(document);
  // Through the JSON text, so that invalid UTF-8 is replaced for YAML as it is for JSON.
  if (format != OutputFormat::Yaml) return text;
  auto yaml = to_yaml(nlohmann::json::parse(text));
  while (!yaml.empty() && yaml.back() == '\n') yaml.pop_back();
  return yaml;
}

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Failure:
      return "Failure";
    case ErrorKind::InvalidInput:
      return "InvalidInput";
    case ErrorKind::Conflict:
      return "Conflict";
    case ErrorKind::Preflight:
      return "Preflight";
  }
  return "Failure";
}

int report_error(const Error& error, OutputFormat format, nlohmann::json document) {
  int code = exit_code(error.kind);
  if (format != OutputFormat::Text) {
    document["exitCode"] = code;
    document["error"] = {{"what", error.what},         {"why", error.why},
                         {"fix", error.fix},           {"kind", kind_name(error.kind)},
                         {"message", error.message()}, {"exitCode", code}};
    std::cout << document_text(document, format) << '\n';
    return code;
  }
  std::cerr << "error: " << error.message() << '\n';
  if (!error.fix.empty()) std::cerr << "  to fix: " << error.fix << '\n';
  return code;
}

Result<int> parse_port_flag(std::string_view flag, std::string_view text) {
  int port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535 ||
      !is_all_digits(text))
    return invalid(std::string(flag) + " " + quote(text), "expected a port number from 1 to 65535");
  return port;
}

Status apply_verbosity(std::string_view text) {
  if (text != "0" && text != "1" && text != "2")
    return invalid("--verbose " + quote(text), "expected 0 (warnings), 1 (info) or 2 (debug)");
  spdlog::set_level(text == "2"   ? spdlog::level::debug
                    : text == "1" ? spdlog::level::info
                                  : spdlog::level::warn);
  return {};
}

}  // namespace ks::cli
