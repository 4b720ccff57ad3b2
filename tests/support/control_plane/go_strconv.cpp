#include "tests/support/control_plane/go_strconv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <regex>

#include "base/strings.hpp"

namespace ks::standin {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// strconv's underscoreOK: "_" only between digits (a base prefix counts as a digit).
bool underscores_ok(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// strconv.ParseUint(s, base, bits) for the magnitude; `function` and `original` name the error as the
// caller (ParseInt reports the whole text, sign included).
std::expected<uint64_t, std::string> parse_magnitude(std::string_view s, int base, int bits,
                                                     std::string_view function, std::string_view original) {
  if (s.empty()) return std::unexpected(go_syntax_error(function, original));
  bool base_prefixed = base == 0;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && lower(s[1]) == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && lower(s[1]) == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && lower(s[1]) == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  const uint64_t max = bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1;
  uint64_t value = 0;
  bool underscores = false;
  for (char c : s) {
    int digit;
    if (c == '_' && base_prefixed) {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      digit = lower(c) - 'a' + 10;
    } else {
      return std::unexpected(go_syntax_error(function, original));
    }
    if (digit >= base) return std::unexpected(go_syntax_error(function, original));
    if (value > max / static_cast<uint64_t>(base) ||
        value * static_cast<uint64_t>(base) > max - static_cast<uint64_t>(digit))
      return std::unexpected(go_range_error(function, original));
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
  }
  if (underscores && !underscores_ok(original)) return std::unexpected(go_syntax_error(function, original));
  return value;
}

}  // namespace

std::string go_syntax_error(std::string_view function, std::string_view text) {
  return "strconv." + std::string(function) + ": parsing " + go_quote(text) + ": invalid syntax";
}
std::string go_range_error(std::string_view function, std::string_view text) {
  return "strconv." + std::string(function) + ": parsing " + go_quote(text) + ": value out of range";
}

std::expected<uint64_t, std::string> go_parse_uint(std::string_view text, int base, int bits) {
  return parse_magnitude(text, base, bits, "ParseUint", text);
}

// strconv.ParseFloat for decimal text (with Inf and NaN); hexadecimal floats are refused as syntax.
std::optional<std::string> go_float_error(std::string_view text, int bits) {
  std::string_view s = text;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  auto lowered = to_lower(s);
  if (lowered == "inf" || lowered == "infinity" || lowered == "nan") return std::nullopt;
  static const std::regex decimal(R"(^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$)");
  if (!std::regex_match(std::string(s), decimal)) return go_syntax_error("ParseFloat", text);
  errno = 0;
  double value = std::strtod(std::string(text).c_str(), nullptr);
  bool too_big = errno == ERANGE && std::isinf(value);
  if (bits == 32 && std::fabs(value) > std::numeric_limits<float>::max()) too_big = true;
  if (too_big) return go_range_error("ParseFloat", text);
  return std::nullopt;
}

std::string go_quote(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string quoted = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\a':
        quoted += "\\a";
        break;
      case '\b':
        quoted += "\\b";
        break;
      case '\f':
        quoted += "\\f";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\r':
        quoted += "\\r";
        break;
      case '\t':
        quoted += "\\t";
        break;
      case '\v':
        quoted += "\\v";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          quoted += "\\x";
          quoted += hex[c >> 4];
          quoted += hex[c & 15];
        } else {
          quoted += static_cast<char>(c);
        }
    }
  }
  return quoted + "\"";
}

std::optional<bool> go_parse_bool(std::string_view text) {
  if (text == "1" || text == "t" || text == "T" || text == "TRUE" || text == "true" || text == "True")
    return true;
  if (text == "0" || text == "f" || text == "F" || text == "FALSE" || text == "false" || text == "False")
    return false;
  return std::nullopt;
}

std::expected<int64_t, std::string> go_parse_int(std::string_view text, int bits) {
  std::string_view magnitude = text;
  bool negative = false;
  if (!magnitude.empty() && (magnitude[0] == '+' || magnitude[0] == '-')) {
    negative = magnitude[0] == '-';
    magnitude.remove_prefix(1);
  }
  auto value = parse_magnitude(magnitude, 0, 64, "ParseInt", text);
  if (!value) return std::unexpected(value.error());
  const uint64_t cutoff = uint64_t{1} << (bits - 1);
  if ((!negative && *value >= cutoff) || (negative && *value > cutoff))
    return std::unexpected(go_range_error("ParseInt", text));
  return negative ? static_cast<int64_t>(~*value + 1) : static_cast<int64_t>(*value);
}

}  // namespace ks::standin
