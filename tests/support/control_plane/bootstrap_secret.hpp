#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ks::standin {

// A bootstrap-token Secret read as kube-apiserver and kube-controller-manager read it
// (staging/src/k8s.io/cluster-bootstrap/util/secrets/secrets.go), written from their rules rather than from
// kubestrap's token code so that a bug there is not mirrored here.

// A data value, decoded; "" when absent or not base64 (GetData).
std::string secret_data(const nlohmann::json& secret, const char* key);

// GetExpiration: no expiration never expires; one that does not parse as RFC 3339 counts as expired.
bool token_expired(const nlohmann::json& secret, std::chrono::system_clock::time_point now);

// The token's id and secret when the Secret is a well-formed bootstrap token of type
// bootstrap.kubernetes.io/token named bootstrap-token-<id> (the signer's and the authenticator's first
// checks).
struct TokenParts {
  std::string id, secret;
};
std::optional<TokenParts> token_parts(const nlohmann::json& secret);

// Go's time.Parse(time.RFC3339, text): YYYY-MM-DDTHH:MM:SS, optional fraction, then Z or ±hh:mm.
std::optional<std::chrono::system_clock::time_point> parse_go_rfc3339(std::string_view text);

// [a-z0-9]+, the alphabet of token ids and secrets.
bool lower_alphanumeric(std::string_view text);

}  // namespace ks::standin
