#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/types.hpp"

namespace ks::config {

// Rules for values that land in a file format kubestrap writes (env files, systemd units, YAML, flags).
// Each returns why the value does not fit, or "" when it does.

// A unix:// URL with a clean absolute path of ordinary file-name characters.
std::string cri_socket_problem(std::string_view socket);
// A value written into kubeadm-flags.env between double quotes: no quote, backslash or control character.
std::string env_file_value_problem(std::string_view value);
// A taint's key (a qualified name, optionally prefixed by a DNS subdomain and '/') and value (a label value).
std::string taint_problem(const Taint& taint);

// A bootstrap token: "abcdef.0123456789abcdef", a 6-character id and a 16-character secret of [a-z0-9]
// (the one definition of the grammar: the config check and token parsing both use it).
std::string bootstrap_token_problem(std::string_view token);
// A bootstrap token's usages: each "signing" or "authentication" (cluster-bootstrap's KnownTokenUsages).
std::string bootstrap_usages_problem(const std::vector<std::string>& usages);
// Its extra groups: each matching \Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\z, and only on a token
// used for authentication (kubeadm's ValidateTokenGroups).
std::string bootstrap_groups_problem(const std::vector<std::string>& groups,
                                     const std::vector<std::string>& usages);

// The key of the certificates a control-plane join downloads: empty (none) or 64 hex digits (a 32-byte AES
// key, kubeadm's CertificateKeySize).
std::string certificate_key_problem(std::string_view key);

// Every string, and every mapping key, in `document` that is not UTF-8 or holds a control character.
struct UnprintableText {
  std::string where;  // the path in the document, `where` given as its prefix
  std::string text;
  std::string problem;
};
void find_unprintable_text(const nlohmann::json& document, const std::string& where,
                           std::vector<UnprintableText>& found);

}  // namespace ks::config
