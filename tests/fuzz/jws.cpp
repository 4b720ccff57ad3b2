// The detached JWS a joining node checks on cluster-info (jws-kubeconfig-<id>). Input: the token on the
// first line, the JWS on the second, the signed kubeconfig after that. What detached_jws signs must
// verify, and only with the same token.
#include "token/jws.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ks::fuzz::require;
  auto rest = ks::fuzz::as_text(data, size);
  auto token_text = ks::fuzz::take_line(rest);
  auto jws = ks::fuzz::take_line(rest);
  auto payload = rest;
  // A malformed token is signed with too: the id and secret are whatever surrounds the first dot.
  auto dot = token_text.find('.');
  auto id = token_text.substr(0, dot);
  auto secret = dot == std::string_view::npos ? std::string_view() : token_text.substr(dot + 1);
  (void)ks::token::verify_detached_jws(jws, payload, id, secret);
  auto signed_jws = ks::token::detached_jws(payload, id, secret);
  require(ks::token::verify_detached_jws(signed_jws, payload, id, secret), "a fresh signature verifies");
  if (!secret.empty())
    require(!ks::token::verify_detached_jws(signed_jws, payload, id, std::string(secret) + "x"),
            "a signature does not verify with another secret");
  return 0;
}
