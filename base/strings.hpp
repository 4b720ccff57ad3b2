#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks {

std::vector<std::string> split(std::string_view text, char separator);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool is_all_digits(std::string_view text);
// Quotes a value for a message so that empty or space-padded input stays visible; control characters
// and broken UTF-8 are escaped and a long value is cut (see printable in base/utf8.hpp).
std::string quote(std::string_view text);

// The whole text as an integer of type T (base 10 or 16, no sign for unsigned T): nullopt for anything else,
// including a value out of T's range. Never throws, unlike std::stoi.
template <class T>
std::optional<T> parse_integer(std::string_view text, int base = 10) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace ks
