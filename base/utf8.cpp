#include "base/utf8.hpp"

#include <fmt/format.h>

namespace ks {

namespace {

// The length of the well-formed UTF-8 sequence at text[at], or 0 when there is none.
size_t sequence_length(std::string_view text, size_t at) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
  return length;
}

bool is_c1_control(std::string_view text, size_t at) {
  // U+0080..U+009F are encoded as C2 80..C2 9F.
  return static_cast<unsigned char>(text[at]) == 0xC2 && at + 1 < text.size() &&
         static_cast<unsigned char>(text[at + 1]) <= 0x9F;
}

}  // namespace

std::optional<size_t> invalid_utf8_at(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    auto length = sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::nullopt;
}

std::optional<size_t> control_character_at(std::string_view text, bool allow_whitespace) {
  for (size_t at = 0; at < text.size(); ++at) {
    auto c = static_cast<unsigned char>(text[at]);
    if (allow_whitespace && (c == '\t' || c == '\n' || c == '\r')) continue;
    if (c < 0x20 || c == 0x7F || is_c1_control(text, at)) return at;
  }
  return std::nullopt;
}

std::string printable(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  size_t at = 0;
  for (; at < text.size() && chars < max_chars; ++chars) {
    auto c = static_cast<unsigned char>(text[at]);
    auto length = sequence_length(text, at);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++at;
      continue;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (is_c1_control(text, at)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[at + 1]));
    } else {
      out.append(text.substr(at, length));
    }
    at += length;
  }
  if (at < text.size()) out += fmt::format("… ({} bytes)", text.size());
  return out;
}

}  // namespace ks
