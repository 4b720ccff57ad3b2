#include "base/dns_name.hpp"

#include "base/strings.hpp"

namespace ks {

namespace {
bool is_alnum_lower(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
}  // namespace

std::string dns1123_subdomain_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 253) return "it is longer than 253 characters";
  for (const auto& label : split(name, '.')) {
    if (label.empty()) return "it has an empty label (two dots in a row, or a leading or trailing dot)";
    if (label.size() > 63) return "the label " + quote(label) + " is longer than 63 characters";
    for (char c : label)
      if (!is_alnum_lower(c) && c != '-')
        return "it contains " + quote(std::string(1, c)) +
               "; only lowercase letters, digits, '-' and '.' are allowed";
    if (!is_alnum_lower(label.front()) || !is_alnum_lower(label.back()))
      return "the label " + quote(label) + " must start and end with a lowercase letter or digit";
  }
  return {};
}

bool is_wildcard_dns1123_subdomain(std::string_view name) {
  return name.starts_with("*.") && is_dns1123_subdomain(name.substr(2));
}

}  // namespace ks
