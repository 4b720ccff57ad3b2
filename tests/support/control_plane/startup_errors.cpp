#include "tests/support/control_plane/startup_errors.hpp"

#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "tests/support/control_plane/flag_values.hpp"

namespace ks::standin {

void print_usage_error(std::ostream& out, const std::string& component, const std::string& text) {
  out << "Usage:\n  " << component << " [flags]\n\nError: " << text << "\n";
}

void log_command_failed(std::ostream& out, const std::string& text,
                        std::chrono::system_clock::time_point now) {
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  out << fmt::format("E{:%m%d %H:%M:%S}.{:06d} {:7d} run.go:72] \"command failed\" err={}\n", seconds, micros,
                     ::getpid(), go_quote(text));
}

std::string no_arguments_error(const std::string& component, const std::vector<std::string>& arguments) {
  std::string quoted;
  for (const auto& argument : arguments) quoted += (quoted.empty() ? "" : " ") + go_quote(argument);
  return go_quote(component) + " does not take any arguments, got [" + quoted + "]";
}

}  // namespace ks::standin
