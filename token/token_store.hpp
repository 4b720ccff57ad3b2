#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "kube/api.hpp"
#include "token/bootstrap_token.hpp"

// The bootstrap tokens a cluster holds (kube-system Secrets of type bootstrap.kubernetes.io/token), as
// `kubestrap token create|list|delete` manage them through the API.
namespace ks::token {

// Creates the token's Secret. A token whose id is taken is refused, naming the id (kubeadm: "a token with id
// … already exists"); nothing is replaced.
Status create_token(kube::Api& api, const config::BootstrapToken& token,
                    std::chrono::system_clock::time_point now);

// Every token Secret, listed by type; a Secret that is not a readable token is skipped with the reason in
// `unreadable` (kubeadm prints those on stderr and lists the rest).
struct TokenListing {
  std::vector<StoredToken> tokens;
  std::vector<std::string> unreadable;
};
Result<TokenListing> list_tokens(kube::Api& api);

// The id of a token given by id ("abcdef") or whole ("abcdef.0123456789abcdef"); malformed is refused.
Result<std::string> token_id_of(std::string_view id_or_token);
// Deletes the Secret of a token id; a token that does not exist is an error naming it.
Status delete_token(kube::Api& api, const std::string& id);

// kubeadm's `token list` text: the TOKEN TTL EXPIRES USAGES DESCRIPTION EXTRA GROUPS header and one line per
// token, laid out as its tabwriter does (each token flushed on its own, the header with the first).
std::string token_table(const std::vector<StoredToken>& tokens, std::chrono::system_clock::time_point now);
// A token for -o json: token, description, expires (RFC 3339, absent: never), ttl left, usages, groups.
nlohmann::json token_json(const StoredToken& token, std::chrono::system_clock::time_point now);

}  // namespace ks::token
