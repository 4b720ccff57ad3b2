#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ks {

// The offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF included), or nullopt when the text is valid UTF-8.
std::optional<size_t> invalid_utf8_at(std::string_view text);

// The offset of the first control character (C0, DEL, C1) in `text`, or nullopt. Tab, line feed and
// carriage return count only when `allow_whitespace`.
std::optional<size_t> control_character_at(std::string_view text, bool allow_whitespace = false);

// `text` for a message: control characters and bytes that are not UTF-8 as \n, \t, \xNN; longer than
// `max_chars` characters, cut with its full length named ("abc… (131000 characters)").
std::string printable(std::string_view text, size_t max_chars = 120);

}  // namespace ks
