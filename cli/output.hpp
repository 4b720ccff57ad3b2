#pragma once

#include <iostream>
#include <string>

#include "base/error.hpp"

namespace ks::cli {

enum class OutputFormat { Text, Json };

// "text" or "json"; anything else is invalid input.
Result<OutputFormat> parse_output_format(const std::string& text);

// Prints an error the way every command does: what failed and why, then the fix on its own line.
// Returns the exit code that belongs to the error.
int report_error(const Error& error, std::ostream& err = std::cerr);

}  // namespace ks::cli
