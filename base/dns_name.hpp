#pragma once

#include <string>
#include <string_view>

namespace ks {

// RFC 1123 subdomain as Kubernetes defines it: lowercase labels of [a-z0-9-], each starting and ending
// with an alphanumeric, at most 63 characters each and 253 in total. Returns an empty string when valid,
// else the reason.
std::string dns1123_subdomain_problem(std::string_view name);
inline bool is_dns1123_subdomain(std::string_view name) {
  return dns1123_subdomain_problem(name).empty();
}
// "*.example.com" style names accepted as certificate SANs.
bool is_wildcard_dns1123_subdomain(std::string_view name);

}  // namespace ks
