#include "token/token_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/duration.hpp"
#include "base/json_access.hpp"
#include "base/rfc3339.hpp"
#include "base/strings.hpp"
#include "config/constants.hpp"

namespace ks::token {

namespace {

const std::string kSecrets = "/api/v1/namespaces/kube-system/secrets";

// Lines of tab-separated cells laid out as Go's text/tabwriter with kubeadm's settings (minwidth 10,
// padding 3, spaces): a column is as wide as its widest cell plus the padding, at least 10; the text after
// the last tab of a line is not aligned.
std::string tabwriter_block(const std::vector<std::vector<std::string>>& lines) {
  constexpr size_t kMinWidth = 10, kPadding = 3;
  std::vector<size_t> widths;
  for (const auto& cells : lines)
    for (size_t column = 0; column + 1 < cells.size(); ++column) {
      if (widths.size() <= column) widths.push_back(0);
      widths[column] = std::max(widths[column], std::max(cells[column].size() + kPadding, kMinWidth));
    }
  std::string text;
  for (const auto& cells : lines) {
    for (size_t column = 0; column < cells.size(); ++column) {
      text += cells[column];
      if (column + 1 < cells.size()) text += std::string(widths[column] - cells[column].size(), ' ');
    }
    text += '\n';
  }
  return text;
}

std::string or_none(const std::string& text) {
  return text.empty() ? "<none>" : text;
}

}  // namespace

Status create_token(kube::Api& api, const config::BootstrapToken& token,
                    std::chrono::system_clock::time_point now) {
  auto secret = KS_TRY(token_secret(token, now));
  auto created = api.create(kSecrets, secret);
  if (created) return {};
  if (created.error().is(409)) {
    auto id = KS_TRY(TokenString::parse(token.token)).id;
    return failure("creating bootstrap token " + quote(id),
                   "a token with id " + quote(id) + " already exists",
                   "give another token, or none to have one generated");
  }
  return std::unexpected(created.error());
}

Result<TokenListing> list_tokens(kube::Api& api) {
  auto listed = api.list(kSecrets + "?fieldSelector=type%3D" + std::string(kSecretType));
  if (!listed) return std::unexpected(listed.error());
  TokenListing listing;
  for (const auto& secret : member(*listed, "items")) {
    auto token = parse_token_secret(secret);
    if (token)
      listing.tokens.push_back(std::move(*token));
    else
      listing.unreadable.push_back(token.error().message());
  }
  return listing;
}

Result<std::string> token_id_of(std::string_view id_or_token) {
  if (id_or_token.size() != 6) return KS_TRY(TokenString::parse(id_or_token)).id;
  // An id is a token's first part: checked with a placeholder secret by the one token grammar.
  if (!TokenString::parse(std::string(id_or_token) + ".0000000000000000"))
    return invalid("token id " + quote(id_or_token), "it must be 6 characters of [a-z0-9]",
                   "give the id (abcdef) or the whole token (abcdef.0123456789abcdef)");
  return std::string(id_or_token);
}

Status delete_token(kube::Api& api, const std::string& id) {
  auto path = kSecrets + "/" + secret_name(id);
  // A plain DELETE: an absent Secret must be reported, which Api::remove would count as removed.
  auto response = KS_TRY(api.request("DELETE", path));
  if (response.status == 404)
    return failure("deleting bootstrap token " + quote(id), "no such token in the cluster",
                   "list the tokens with 'kubestrap token list'");
  if (!response.ok()) return std::unexpected(kube::api_error("DELETE", path, response));
  return {};
}

std::string token_table(const std::vector<StoredToken>& tokens, std::chrono::system_clock::time_point now) {
  std::vector<std::string> header = {"TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"};
  if (tokens.empty()) return tabwriter_block({header});
  std::string text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    std::string ttl = "<forever>", expires = "<never>";
    if (token.expires) {
      ttl = short_human_duration(*token.expires - now);
      expires = format_rfc3339(*token.expires);
    }
    std::vector<std::string> row = {token.token.str(),
                                    fmt::format("{:<9}", ttl),
                                    expires,
                                    fmt::format("{:<22}", or_none(join(token.usages, ","))),
                                    fmt::format("{:<56}", or_none(token.description)),
                                    or_none(join(token.groups, ","))};
    // kubeadm flushes its tabwriter after each token: only the first shares a block, with the header.
    text += i == 0 ? tabwriter_block({header, row}) : tabwriter_block({row});
  }
  return text;
}

nlohmann::json token_json(const StoredToken& token, std::chrono::system_clock::time_point now) {
  nlohmann::json object = {{"token", token.token.str()},
                           {"description", token.description},
                           {"usages", token.usages},
                           {"groups", token.groups}};
  if (token.expires) {
    object["expires"] = format_rfc3339(*token.expires);
    object["ttl"] = short_human_duration(*token.expires - now);
  }
  return object;
}

}  // namespace ks::token
