#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "certs/openssl_ptr.hpp"
#include "config/types.hpp"

namespace ks::certs {

// `cancel`, when given and set, stops an RSA generation in flight (an error is returned).
Result<PKeyPtr> generate_key(config::KeyAlgorithm algorithm, const std::atomic<bool>* cancel = nullptr);

// "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC1), the forms kubeadm writes.
Result<std::string> private_key_pem(EVP_PKEY* key);
// "PUBLIC KEY" (PKIX), as in sa.pub.
Result<std::string> public_key_pem(EVP_PKEY* key);
Result<PKeyPtr> parse_private_key(std::string_view pem);
Result<PKeyPtr> parse_public_key(std::string_view pem);
// Whether the two keys share a public key (a private key and a certificate's key, say).
bool same_public_key(EVP_PKEY* a, EVP_PKEY* b);
// Whether the key is of the family and size of the algorithm (an RSA-2048 key does not fit ECDSA-P256).
bool key_fits(EVP_PKEY* key, config::KeyAlgorithm algorithm);

}  // namespace ks::certs
