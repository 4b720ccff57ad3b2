#include "base/yaml_writer.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "base/strings.hpp"
#include "base/utf8.hpp"

namespace ks {

namespace {

// YAML 1.1 words that a reader would take for a boolean or null.
bool is_special_word(const std::string& s) {
  static const std::array<std::string_view, 26> words = {
      "~",  "null", "Null", "NULL", "y",     "Y",     "yes",   "Yes", "YES", "n",  "N",   "no",  "No",
      "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on",  "On",  "ON", "off", "Off", "OFF"};
  return std::ranges::find(words, s) != words.end();
}

// Whether a reader could take the text for a number: 12, -1.5, 1e3, .5, 0x1F, 0o17, 1_000, .inf, .nan.
bool looks_numeric(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
    return std::ranges::all_of(
        s.substr(2), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '_'; });
  bool digits = false, dot = false, exponent = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits = true;
    else if (c == '_' && digits)
      continue;
    else if (c == '.' && !dot && !exponent)
      dot = true;
    else if ((c == 'e' || c == 'E') && digits && !exponent) {
      exponent = true;
      if (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+')) ++i;
      if (i + 1 >= s.size()) return false;
    } else
      return false;
  }
  return digits;
}

bool starts_like_timestamp(std::string_view s) {
  return s.size() >= 6 &&
         std::ranges::all_of(s.substr(0, 4),
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
         s[4] == '-' && std::isdigit(static_cast<unsigned char>(s[5]));
}

// C1 controls (U+0085 among them) and U+2028/U+2029 read as line breaks or are refused: they are written
// escaped, as \uXXXX inside double quotes.
bool has_unsafe_unicode(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]), next = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) return true;
    if (c == 0xE2 && next == 0x80 && i + 2 < s.size() && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9'))
      return true;
  }
  return false;
}

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  if (is_special_word(s) || looks_numeric(s) || starts_like_timestamp(s)) return true;
  if (std::string("?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string::npos) return true;
  if (s.front() == '-' && (s.size() == 1 || s[1] == ' ')) return true;
  if (s.starts_with("---") || s.starts_with("...")) return true;  // document markers at a line's start
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return invalid_utf8_at(s).has_value() || has_unsafe_unicode(s);
}

std::string scalar(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  const auto& s = v.get_ref<const std::string&>();
  // JSON string syntax is valid double-quoted YAML. Validation keeps broken UTF-8 out of what is written;
  // were any left, it becomes U+FFFD rather than an exception.
  return needs_quotes(s) ? v.dump(-1, ' ', has_unsafe_unicode(s), nlohmann::json::error_handler_t::replace)
                         : s;
}

bool is_block_string(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  if (s.find('\n') == std::string::npos) return false;
  // A block scalar cannot escape anything: other control characters and broken UTF-8 go double-quoted.
  if (control_character_at(s, true) || invalid_utf8_at(s) || has_unsafe_unicode(s)) return false;
  for (const auto& line : split(s, '\n'))
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.find('\r') != std::string::npos))
      return false;
  return !s.starts_with(' ');
}

void write_block_string(std::string& out, const std::string& s, int indent) {
  bool trailing_newline = s.ends_with('\n');
  std::string body = trailing_newline ? s.substr(0, s.size() - 1) : s;
  out += trailing_newline ? "|\n" : "|-\n";
  for (const auto& line : split(body, '\n')) {
    if (!line.empty()) out += std::string(indent, ' ') + line;
    out += '\n';
  }
}

bool is_empty_collection(const nlohmann::json& v) {
  return (v.is_object() || v.is_array()) && v.empty();
}

void write_value(std::string& out, const nlohmann::json& v, int indent);

// Writes "key: value" pairs of an object, each starting at the given indentation; the first line's
// indentation may already be on the output (as after "- ").
void write_object(std::string& out, const nlohmann::json& object, int indent, bool first_inline) {
  bool first = true;
  for (const auto& [key, value] : object.items()) {
    if (!(first && first_inline)) out += std::string(indent, ' ');
    first = false;
    out += scalar(nlohmann::json(key)) + ":";
    if (is_empty_collection(value)) {
      out += value.is_object() ? " {}\n" : " []\n";
    } else if (value.is_object()) {
      out += "\n";
      write_object(out, value, indent + 2, false);
    } else if (value.is_array()) {
      out += "\n";
      write_value(out, value, indent);
    } else if (is_block_string(value)) {
      out += " ";
      write_block_string(out, value.get<std::string>(), indent + 2);
    } else {
      out += " " + scalar(value) + "\n";
    }
  }
}

void write_value(std::string& out, const nlohmann::json& v, int indent) {
  if (v.is_object()) {
    if (v.empty())
      out += std::string(indent, ' ') + "{}\n";
    else
      write_object(out, v, indent, false);
    return;
  }
  if (v.is_array()) {
    for (const auto& item : v) {
      out += std::string(indent, ' ') + "-";
      if (item.is_object() && !item.empty()) {
        out += " ";
        write_object(out, item, indent + 2, true);
      } else if (item.is_array() && !item.empty()) {
        out += "\n";
        write_value(out, item, indent + 2);
      } else if (is_empty_collection(item)) {
        out += item.is_object() ? " {}\n" : " []\n";
      } else if (is_block_string(item)) {
        out += " ";
        write_block_string(out, item.get<std::string>(), indent + 2);
      } else {
        out += " " + scalar(item) + "\n";
      }
    }
    return;
  }
  out += std::string(indent, ' ') + scalar(v) + "\n";
}

}  // namespace

std::string to_yaml(const nlohmann::json& value) {
  std::string out;
  if (is_empty_collection(value)) return value.is_object() ? "{}\n" : "[]\n";
  write_value(out, value, 0);
  return out;
}

}  // namespace ks
