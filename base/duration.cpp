#include "base/duration.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "base/strings.hpp"

namespace ks {

namespace {

constexpr uint64_t kLimit = uint64_t{1} << 63;  // |min int64|; the largest magnitude Go accepts

uint64_t unit_nanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs") return 1000;
  if (unit == "ms") return 1000000;
  if (unit == "s") return 1000000000;
  if (unit == "m") return 60 * uint64_t{1000000000};
  if (unit == "h") return 3600 * uint64_t{1000000000};
  return 0;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

// Go's time.ParseDuration, rule for rule: integers and fractions checked for overflow digit by digit, so
// no input can throw, wrap or round past the int64 range.
Result<std::chrono::nanoseconds> parse_go_duration(std::string_view text) {
  auto bad = [&](std::string why = "expected a duration like 8760h, 4m0s or 90s") {
    return invalid("invalid duration " + quote(text), std::move(why));
  };
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  if (rest == "0") return std::chrono::nanoseconds{0};
  if (rest.empty()) return bad();
  uint64_t total = 0;
  auto out_of_range = [&] { return bad("it is out of range (at most 2562047h47m16.854775807s)"); };
  while (!rest.empty()) {
    if (rest.front() != '.' && !is_digit(rest.front())) return bad();
    uint64_t whole = 0;
    size_t digits = 0;
    for (; digits < rest.size() && is_digit(rest[digits]); ++digits) {
      if (whole > kLimit / 10) return out_of_range();
      whole = whole * 10 + static_cast<uint64_t>(rest[digits] - '0');
      if (whole > kLimit) return out_of_range();
    }
    rest.remove_prefix(digits);
    bool has_whole = digits > 0, has_fraction = false;
    uint64_t fraction = 0;
    double scale = 1;
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1);
      bool overflow = false;
      size_t n = 0;
      for (; n < rest.size() && is_digit(rest[n]); ++n) {
        if (overflow || fraction > (kLimit - 1) / 10) {
          overflow = true;  // digits beyond what int64 holds add nothing, as in Go
          continue;
        }
        fraction = fraction * 10 + static_cast<uint64_t>(rest[n] - '0');
        scale *= 10;
      }
      rest.remove_prefix(n);
      has_fraction = n > 0;
    }
    if (!has_whole && !has_fraction) return bad();
    size_t unit_length = 0;
    while (unit_length < rest.size() && rest[unit_length] != '.' && !is_digit(rest[unit_length]))
      ++unit_length;
    if (unit_length == 0) return bad("a unit is missing (ns, us, ms, s, m or h)");
    auto unit = unit_nanoseconds(rest.substr(0, unit_length));
    if (unit == 0)
      return bad("unknown unit " + quote(rest.substr(0, unit_length)) + " (expected ns, us, ms, s, m or h)");
    rest.remove_prefix(unit_length);
    if (whole > kLimit / unit) return out_of_range();
    whole *= unit;
    if (fraction > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(fraction) * (static_cast<double>(unit) / scale));
      if (whole > kLimit) return out_of_range();
    }
    total += whole;
    if (total > kLimit) return out_of_range();
  }
  if (negative) return std::chrono::nanoseconds{static_cast<int64_t>(~total + 1)};
  if (total > kLimit - 1) return out_of_range();
  return std::chrono::nanoseconds{static_cast<int64_t>(total)};
}

std::string format_go_duration(std::chrono::nanoseconds duration) {
  if (duration == std::chrono::nanoseconds{0}) return "0s";
  std::string sign = duration.count() < 0 ? "-" : "";
  // The magnitude as unsigned: -INT64_MIN does not fit in int64.
  uint64_t ns = duration.count() < 0 ? ~static_cast<uint64_t>(duration.count()) + 1
                                     : static_cast<uint64_t>(duration.count());
  constexpr uint64_t kSecond = 1000000000;
  // "whole.fraction" with the fraction's trailing zeros dropped, exactly as Go prints it (no rounding).
  auto decimal = [](uint64_t value, uint64_t unit, int digits, const char* suffix) {
    if (value % unit == 0) return fmt::format("{}{}", value / unit, suffix);
    auto text = fmt::format("{}.{:0{}}", value / unit, value % unit, digits);
    while (text.back() == '0') text.pop_back();
    return text + suffix;
  };
  if (ns < kSecond) {
    if (ns < 1000) return sign + std::to_string(ns) + "ns";
    if (ns < 1000000) return sign + decimal(ns, 1000, 3, "µs");
    return sign + decimal(ns, 1000000, 6, "ms");
  }
  uint64_t h = ns / (3600 * kSecond), m = ns / (60 * kSecond) % 60, rest = ns % (60 * kSecond);
  std::string secs = decimal(rest, kSecond, 9, "s");
  if (h) return sign + fmt::format("{}h{}m{}", h, m, secs);
  if (m) return sign + fmt::format("{}m{}", m, secs);
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

std::string short_human_duration(std::chrono::nanoseconds duration) {
  using namespace std::chrono;
  auto seconds = duration_cast<std::chrono::seconds>(duration).count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return fmt::format("{}s", seconds);
  if (auto minutes = seconds / 60; minutes < 60) return fmt::format("{}m", minutes);
  auto hours = seconds / 3600;
  if (hours < 24) return fmt::format("{}h", hours);
  if (hours < 24 * 365) return fmt::format("{}d", hours / 24);
  return fmt::format("{}y", hours / 24 / 365);
}

}  // namespace ks
