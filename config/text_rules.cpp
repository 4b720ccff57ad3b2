#include "config/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/dns_name.hpp"
#include "base/strings.hpp"
#include "base/utf8.hpp"

namespace ks::config {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Kubernetes' label value and qualified-name part: up to 63 of [A-Za-z0-9._-], alphanumeric at both ends.
bool is_label_word(std::string_view text, bool allow_empty) {
  if (text.empty()) return allow_empty;
  return text.size() <= 63 && is_alnum(text.front()) && is_alnum(text.back()) &&
         std::ranges::all_of(text, [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

std::string text_problem(std::string_view text) {
  if (auto at = invalid_utf8_at(text)) return "is not valid UTF-8 (byte " + std::to_string(*at + 1) + ")";
  if (auto at = control_character_at(text))
    return "holds a control character at position " + std::to_string(*at + 1);
  return "";
}

}  // namespace

std::string cri_socket_problem(std::string_view socket) {
  constexpr std::string_view kScheme = "unix://";
  if (!socket.starts_with(kScheme))
    return "expected a unix:// URL like unix:///run/containerd/containerd.sock";
  auto path = socket.substr(kScheme.size());
  if (!path.starts_with('/')) return "the socket path must be absolute (unix:///…)";
  auto parts = split(path.substr(1), '/');
  for (const auto& part : parts) {
    if (part.empty() || part == "." || part == "..")
      return "the socket path must be clean (no empty, '.' or '..' components)";
    if (!std::ranges::all_of(part, [](char c) {
          return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '@' || c == ':' ||
                 c == '=';
        }))
      return "the socket path may hold only letters, digits and . _ - + @ : =";
  }
  return "";
}

std::string env_file_value_problem(std::string_view value) {
  if (auto problem = text_problem(value); !problem.empty()) return problem;
  if (value.find_first_of("\"\\") != std::string_view::npos)
    return "holds a double quote or a backslash, which would end or escape the value in kubeadm-flags.env";
  return "";
}

std::string taint_problem(const Taint& taint) {
  std::string_view key = taint.key, name = key;
  if (auto slash = key.find('/'); slash != std::string_view::npos) {
    if (!is_dns1123_subdomain(key.substr(0, slash))) return "the key's prefix must be a DNS subdomain";
    name = key.substr(slash + 1);
  }
  if (!is_label_word(name, false))
    return "the key must be a qualified name: up to 63 letters, digits, '-', '_' or '.', alphanumeric at "
           "both ends";
  if (!is_label_word(taint.value, true))
    return "the value must be up to 63 letters, digits, '-', '_' or '.', alphanumeric at both ends";
  return "";
}

void find_unprintable_text(const nlohmann::json& document, const std::string& where,
                           std::vector<UnprintableText>& found) {
  if (document.is_string()) {
    const auto& text = document.get_ref<const std::string&>();
    if (auto problem = text_problem(text); !problem.empty()) found.push_back({where, text, problem});
  } else if (document.is_array()) {
    for (size_t i = 0; i < document.size(); ++i)
      find_unprintable_text(document[i], where + "[" + std::to_string(i) + "]", found);
  } else if (document.is_object()) {
    for (const auto& [key, value] : document.items()) {
      if (auto problem = text_problem(key); !problem.empty())
        found.push_back({where, key, "(a field name) " + problem});
      find_unprintable_text(value, where.empty() ? key : where + "." + printable(key), found);
    }
  }
}

std::string bootstrap_token_problem(std::string_view token) {
  auto lower_alphanumeric = [](std::string_view part) {
    return std::ranges::all_of(part, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
  };
  if (token.size() != 23 || token[6] != '.' || !lower_alphanumeric(token.substr(0, 6)) ||
      !lower_alphanumeric(token.substr(7)))
    return "it must look like abcdef.0123456789abcdef ([a-z0-9]{6}.[a-z0-9]{16})";
  return "";
}

std::string certificate_key_problem(std::string_view key) {
  auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  if (key.empty() || (key.size() == 64 && std::ranges::all_of(key, is_hex))) return "";
  return "it must be 64 hex digits (the 32-byte key of the uploaded certificates)";
}

std::string bootstrap_usages_problem(const std::vector<std::string>& usages) {
  for (const auto& usage : usages)
    if (usage != "signing" && usage != "authentication")
      return "unknown usage \"" + usage + "\" (the usages are signing and authentication)";
  return "";
}

std::string bootstrap_groups_problem(const std::vector<std::string>& groups,
                                     const std::vector<std::string>& usages) {
  constexpr std::string_view kPrefix = "system:bootstrappers:";
  for (const auto& group : groups) {
    std::string_view rest(group);
    bool valid =
        rest.starts_with(kPrefix) && rest.size() > kPrefix.size() && rest.size() - kPrefix.size() <= 256 &&
        std::ranges::all_of(rest.substr(kPrefix.size()),
                            [](char c) {
                              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '-';
                            }) &&
        rest.back() != ':' && rest.back() != '-';
    if (!valid)
      return "group \"" + group +
             "\" must start with system:bootstrappers: followed by [a-z0-9:-], ending in [a-z0-9]";
  }
  if (!groups.empty() && std::ranges::find(usages, "authentication") == usages.end())
    return "extra groups need the authentication usage (add it to the usages, or give no groups)";
  return "";
}

}  // namespace ks::config
