#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace ks::cli {

enum class OutputFormat { Text, Json, Yaml };

// "text", "json" or "yaml" (the same document as JSON, as kubeadm's -o yaml); anything else is invalid input.
Result<OutputFormat> parse_output_format(const std::string& text);
// The format asked for by -o/--output, found in the raw arguments before they are parsed, so that even a
// malformed flag is reported in the format the caller reads.
OutputFormat requested_output(std::span<const std::string> args);

// Prints an error the way every command does. Text: "error: <what>: <why>" and the fix on its own line, on
// stderr. JSON: one document on stdout, `document` (what the run produced so far) with "exitCode" and
// "error": {what, why, fix, kind, message, exitCode}. Returns the exit code that belongs to the error.
int report_error(const Error& error, OutputFormat format, nlohmann::json document);

// The name of an error kind in JSON documents: Failure, InvalidInput, Conflict, Preflight.
std::string_view kind_name(ErrorKind kind);

// A JSON document as printed on stdout: indented, with any invalid UTF-8 replaced instead of throwing.
std::string json_text(const nlohmann::json& document);
// The document in the format asked for: json_text, or the same as YAML.
std::string document_text(const nlohmann::json& document, OutputFormat format);

// --apiserver-bind-port and the like: 1-65535, named in the error.
Result<int> parse_port_flag(std::string_view flag, std::string_view text);
// -v/--verbose: 0, 1 or 2; sets spdlog's level.
Status apply_verbosity(std::string_view text);

}  // namespace ks::cli
