#pragma once

#include <string>
#include <string_view>

namespace ks::token {

// The detached JWS (RFC 7515 appendix F) that the bootstrap signer stores in cluster-info as
// jws-kubeconfig-<id>: HS256 keyed with the token secret over the kubeconfig, "<header>..<signature>".
std::string detached_jws(std::string_view payload, std::string_view token_id, std::string_view token_secret);

// Whether `jws` signs `payload` for that token.
bool verify_detached_jws(std::string_view jws, std::string_view payload, std::string_view token_id,
                         std::string_view token_secret);

}  // namespace ks::token
