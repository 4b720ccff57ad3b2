// Bootstrap tokens as they come in: the token text (--token, a config file's bootstrapTokens) and the
// bootstrap-token Secret read back from the cluster (`token list`, `token delete`, join discovery). A
// Secret that reads is written again as token_secret writes it, and that must read as the same token.
#include <nlohmann/json.hpp>

#include "base/rfc3339.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "token/bootstrap_token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ks::fuzz::require;
  auto text = ks::fuzz::as_text(data, size);
  if (auto token = ks::token::TokenString::parse(text))
    require(token->str() == text, "a parsed token prints as it was given");

  auto secret = nlohmann::json::parse(text, nullptr, false);
  if (secret.is_discarded()) return 0;
  auto stored = ks::token::parse_token_secret(secret);
  if (!stored) return 0;
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
  (void)stored->expired(now);
  (void)stored->has_usage("signing");

  ks::config::BootstrapToken again;
  again.token = stored->token.str();
  again.description = stored->description;
  if (stored->expires)
    again.expires = ks::format_rfc3339(*stored->expires);
  else
    again.ttl = std::chrono::nanoseconds{0};
  again.usages = stored->usages;
  again.groups = stored->groups;
  auto written = ks::token::token_secret(again, now);
  require(written.has_value(), "a token read from a Secret can be written to one");
  auto reread = ks::token::parse_token_secret(*written);
  require(reread.has_value(), "a Secret written by token_secret reads back");
  require(reread->token.str() == stored->token.str() && reread->usages == stored->usages &&
              reread->expires == stored->expires,
          "a Secret written by token_secret keeps the token, its usages and expiration");
  return 0;
}
