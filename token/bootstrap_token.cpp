#include "token/bootstrap_token.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "base/rfc3339.hpp"
#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/text_rules.hpp"

namespace ks::token {

Result<TokenString> TokenString::parse(std::string_view text) {
  if (auto problem = config::bootstrap_token_problem(text); !problem.empty())
    return invalid("bootstrap token", problem, "run 'kubestrap token generate' for a valid one");
  return TokenString{std::string(text.substr(0, 6)), std::string(text.substr(7))};
}

Result<TokenString> generate_token(host::Random& random) {
  static constexpr std::string_view kAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string text;
  while (text.size() < 22) {
    std::array<uint8_t, 32> bytes{};
    KS_CHECK(random.fill(bytes));
    for (auto byte : bytes)
      // 252 = 7 * 36: rejecting the top values keeps every character equally likely.
      if (byte < 252 && text.size() < 22) text += kAlphabet[byte % 36];
  }
  return TokenString{text.substr(0, 6), text.substr(6)};
}

std::string secret_name(std::string_view id) {
  return "bootstrap-token-" + std::string(id);
}

Result<nlohmann::json> token_secret(const config::BootstrapToken& token,
                                    std::chrono::system_clock::time_point now) {
  auto parsed = KS_TRY(TokenString::parse(token.token));
  nlohmann::json data = {{"token-id", base64_encode(parsed.id)},
                         {"token-secret", base64_encode(parsed.secret)}};
  if (!token.description.empty()) data["description"] = base64_encode(token.description);
  std::string expiration = token.expires;
  if (expiration.empty() && token.ttl && token.ttl->count() > 0) {
    expiration =
        format_rfc3339(now + std::chrono::duration_cast<std::chrono::system_clock::duration>(*token.ttl));
  }
  if (!expiration.empty()) data["expiration"] = base64_encode(expiration);
  for (const auto& usage : token.usages) data["usage-bootstrap-" + usage] = base64_encode("true");
  if (!token.groups.empty()) data["auth-extra-groups"] = base64_encode(join(token.groups, ","));
  return nlohmann::json{
      {"apiVersion", "v1"},
      {"kind", "Secret"},
      {"metadata", {{"name", secret_name(parsed.id)}, {"namespace", constants::kKubeSystemNamespace}}},
      {"type", kSecretType},
      {"data", data}};
}

bool StoredToken::has_usage(std::string_view usage) const {
  return std::ranges::find(usages, usage) != usages.end();
}

Result<StoredToken> parse_token_secret(const nlohmann::json& secret) {
  auto name = string_member(member(secret, "metadata"), "name");
  if (string_member(secret, "type") != kSecretType)
    return invalid("Secret " + quote(name), "its type is not " + std::string(kSecretType));
  const auto& data = member(secret, "data");
  auto field = [&](std::string_view key) { return base64_decode(string_member(data, key)).value_or(""); };
  StoredToken stored;
  stored.token = KS_TRY(TokenString::parse(field("token-id") + "." + field("token-secret")));
  if (name != secret_name(stored.token.id))
    return invalid("Secret " + quote(name), "its token-id does not match its name");
  stored.description = field("description");
  if (auto text = field("expiration"); !text.empty()) {
    auto when = parse_rfc3339(text);
    if (!when)
      return invalid("Secret " + quote(name), "its expiration " + quote(text) + " is not an RFC 3339 time");
    stored.expires = *when;
  }
  if (data.is_object())
    for (const auto& [key, value] : data.items())
      if (key.starts_with("usage-bootstrap-") && field(key) == "true")
        stored.usages.push_back(key.substr(16));
  std::ranges::sort(stored.usages);
  for (const auto& group : split(field("auth-extra-groups"), ','))
    if (!group.empty()) stored.groups.push_back(std::string(trim(group)));
  return stored;
}

}  // namespace ks::token
