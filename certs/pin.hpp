#pragma once

#include <string_view>

#include "base/error.hpp"

#include <string>

#include "certs/openssl_ptr.hpp"

namespace ks::certs {

// "sha256:<hex>" of the certificate's DER SubjectPublicKeyInfo: the value of --discovery-token-ca-cert-hash.
std::string public_key_pin(X509* certificate);
// A --discovery-token-ca-cert-hash value as kubeadm reads it: "sha256:" (the type in any case) and 64 hex
// digits (any case); returned in the form public_key_pin prints.
Result<std::string> parse_ca_pin(std::string_view text);

}  // namespace ks::certs
