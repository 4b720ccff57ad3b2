#include "base/duration.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "base/strings.hpp"

namespace ks {

Result<std::chrono::nanoseconds> parse_go_duration(std::string_view text) {
  auto bad = [&] {
    return invalid("invalid duration " + quote(text), "expected a duration like 8760h, 4m0s or 90s");
  };
  std::string_view rest = text;
  bool negative = rest.starts_with('-');
  if (negative || rest.starts_with('+')) rest.remove_prefix(1);
  if (rest == "0") return std::chrono::nanoseconds{0};
  if (rest.empty()) return bad();
  long double total = 0;
  while (!rest.empty()) {
    size_t i = 0;
    while (i < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[i])) || rest[i] == '.')) ++i;
    if (i == 0) return bad();
    long double number = std::stold(std::string(rest.substr(0, i)));
    rest.remove_prefix(i);
    size_t u = 0;
    while (u < rest.size() && !std::isdigit(static_cast<unsigned char>(rest[u])) && rest[u] != '.') ++u;
    auto unit = rest.substr(0, u);
    rest.remove_prefix(u);
    long double scale;
    if (unit == "h")
      scale = 3600e9L;
    else if (unit == "m")
      scale = 60e9L;
    else if (unit == "s")
      scale = 1e9L;
    else if (unit == "ms")
      scale = 1e6L;
    else if (unit == "us" || unit == "µs")
      scale = 1e3L;
    else if (unit == "ns")
      scale = 1;
    else
      return bad();
    total += number * scale;
  }
  auto ns = static_cast<int64_t>(std::llround(total));
  return std::chrono::nanoseconds{negative ? -ns : ns};
}

std::string format_go_duration(std::chrono::nanoseconds duration) {
  using namespace std::chrono;
  if (duration == nanoseconds{0}) return "0s";
  std::string sign = duration < nanoseconds{0} ? "-" : "";
  auto d = duration < nanoseconds{0} ? -duration : duration;
  if (d < seconds{1}) {
    if (d < microseconds{1}) return sign + std::to_string(d.count()) + "ns";
    if (d < milliseconds{1}) return sign + fmt::format("{:g}µs", d.count() / 1e3);
    return sign + fmt::format("{:g}ms", d.count() / 1e6);
  }
  auto h = duration_cast<hours>(d);
  auto m = duration_cast<minutes>(d - h);
  auto s = d - h - m;
  std::string secs = fmt::format("{:g}s", s.count() / 1e9);
  if (h.count()) return sign + fmt::format("{}h{}m{}", h.count(), m.count(), secs);
  if (m.count()) return sign + fmt::format("{}m{}", m.count(), secs);
  return sign + secs;
}

std::string format_elapsed(std::chrono::nanoseconds duration) {
  double ms = duration.count() / 1e6;
  if (ms < 1) return fmt::format("{:.2f}ms", ms);
  if (ms < 1000) return fmt::format("{:.0f}ms", ms);
  if (ms < 60000) return fmt::format("{:.1f}s", ms / 1000);
  auto seconds = static_cast<long>(ms / 1000);
  return fmt::format("{}m{}s", seconds / 60, seconds % 60);
}

}  // namespace ks
