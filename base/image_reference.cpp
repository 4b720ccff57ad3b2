#include "base/image_reference.hpp"

#include <algorithm>

#include "base/ip.hpp"
#include "base/strings.hpp"

namespace ks {

namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool is_word(char c) {
  return is_alnum(c) || c == '_';
}

// path-component := alpha-numeric (separator alpha-numeric)*, separator := [_.] | "__" | "-"+
bool is_path_component(std::string_view part) {
  size_t i = 0;
  auto alnum_run = [&] {
    size_t start = i;
    while (i < part.size() && is_lower_alnum(part[i])) ++i;
    return i > start;
  };
  if (!alnum_run()) return false;
  while (i < part.size()) {
    if (part[i] == '.') {
      ++i;
    } else if (part[i] == '_') {
      i += part.substr(i, 2) == "__" ? 2 : 1;
    } else if (part[i] == '-') {
      while (i < part.size() && part[i] == '-') ++i;
    } else {
      return false;
    }
    if (!alnum_run()) return false;
  }
  return true;
}

// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool is_domain_component(std::string_view part) {
  return !part.empty() && is_alnum(part.front()) && is_alnum(part.back()) &&
         std::ranges::all_of(part, [](char c) { return is_alnum(c) || c == '-'; });
}

// host[:port], where host is a domain name, an IPv4 address or a bracketed IPv6 address.
bool is_registry(std::string_view registry) {
  std::string_view host = registry;
  if (host.starts_with('[')) {
    auto close = host.find(']');
    if (close == std::string_view::npos || !IpAddress::parse(host.substr(1, close - 1))) return false;
    host.remove_prefix(close + 1);
    if (host.empty()) return true;
    if (host.front() != ':') return false;
    return is_all_digits(host.substr(1));
  }
  auto colon = host.find(':');
  if (colon != std::string_view::npos) {
    if (!is_all_digits(host.substr(colon + 1))) return false;
    host = host.substr(0, colon);
  }
  for (const auto& part : split(host, '.'))
    if (!is_domain_component(part)) return false;
  return true;
}

}  // namespace

std::string image_repository_problem(std::string_view repository) {
  if (repository.empty()) return "it is empty";
  if (repository.size() > 255) return "it is longer than 255 characters";
  auto parts = split(repository, '/');
  size_t first_path = 0;
  // As containerd decides: a first component with a dot or a colon, or "localhost", names a registry.
  const auto& first = parts.front();
  if (parts.size() > 1 && (first.find_first_of(".:[") != std::string::npos || first == "localhost")) {
    if (!is_registry(first))
      return quote(first) +
             " is not a registry host[:port] (letters, digits, dashes and dots; a numeric port)";
    first_path = 1;
  } else if (parts.size() == 1 && first.find_first_of(".:[") != std::string::npos) {
    // "registry.k8s.io" alone: a registry with the images at its top level.
    if (is_registry(first)) return "";
    return quote(first) + " is not a registry host[:port] (letters, digits, dashes and dots; a numeric port)";
  }
  for (size_t i = first_path; i < parts.size(); ++i)
    if (!is_path_component(parts[i]))
      return "the path component " + quote(parts[i]) +
             " must be lower-case letters and digits, separated by '.', '_', '__' or dashes";
  return "";
}

std::string image_tag_problem(std::string_view tag) {
  if (tag.empty()) return "it is empty";
  if (tag.size() > 128) return "it is longer than 128 characters";
  if (!is_word(tag.front())) return "it must start with a letter, a digit or '_'";
  if (!std::ranges::all_of(tag, [](char c) { return is_word(c) || c == '.' || c == '-'; }))
    return "it may hold only letters, digits, '_', '.' and '-'";
  return "";
}

}  // namespace ks
