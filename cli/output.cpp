#include "cli/output.hpp"

#include "base/strings.hpp"

namespace ks::cli {

Result<OutputFormat> parse_output_format(const std::string& text) {
  if (text == "text" || text.empty()) return OutputFormat::Text;
  if (text == "json") return OutputFormat::Json;
  return invalid("--output " + quote(text), "expected text or json");
}

int report_error(const Error& error, std::ostream& err) {
  err << "error: " << error.message() << '\n';
  if (!error.fix.empty()) err << "  to fix: " << error.fix << '\n';
  return exit_code(error.kind);
}

}  // namespace ks::cli
