#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ks {

std::vector<std::string> split(std::string_view text, char separator);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool is_all_digits(std::string_view text);
// Quotes a value for a message so that empty or space-padded input stays visible.
std::string quote(std::string_view text);

}  // namespace ks
