#include "token/jws.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/base64.hpp"

namespace ks::token {

std::string detached_jws(std::string_view payload, std::string_view token_id, std::string_view token_secret) {
  auto header = base64url_encode(R"({"alg":"HS256","kid":")" + std::string(token_id) + R"("})");
  auto input = header + "." + base64url_encode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), token_secret.data(), static_cast<int>(token_secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return header + ".." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), length));
}

bool verify_detached_jws(std::string_view jws, std::string_view payload, std::string_view token_id,
                         std::string_view token_secret) {
  auto expected = detached_jws(payload, token_id, token_secret);
  return expected.size() == jws.size() && CRYPTO_memcmp(expected.data(), jws.data(), jws.size()) == 0;
}

}  // namespace ks::token
