#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/ip.hpp"
#include "certs/openssl_ptr.hpp"

namespace ks::certs {

enum class Usage { CA, Server, Client, ServerAndClient };

struct CertificateRequest {
  std::string common_name;
  std::vector<std::string> organizations;
  std::vector<std::string> dns_names;
  std::vector<IpAddress> ips;
  Usage usage = Usage::Client;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  uint64_t serial = 1;
};

// Builds and signs an X.509 v3 certificate the way Go's crypto/x509 does for kubeadm: a CA gets
// keyCertSign, CA:TRUE and a subject key id; a leaf gets CA:FALSE, its extended key usages and the
// issuer's key id. `issuer` null means self-signed. A returned leaf is meant for encoding: its public key
// is not decoded in memory (X509_get0_pubkey gives null until it is parsed again from PEM).
Result<X509Ptr> issue_certificate(const CertificateRequest& request, EVP_PKEY* subject_key, X509* issuer,
                                  EVP_PKEY* issuer_key);

Result<std::string> certificate_pem(X509* certificate);
Result<X509Ptr> parse_certificate(std::string_view pem);
// All certificates of a PEM bundle, in order.
Result<std::vector<X509Ptr>> parse_certificates(std::string_view pem);

struct CertificateInfo {
  std::string common_name;
  std::vector<std::string> organizations;
  std::vector<std::string> dns_names;
  std::vector<IpAddress> ips;
  bool is_ca = false;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
};
CertificateInfo inspect(X509* certificate);

// Whether `certificate` chains to `ca` and is valid at `now`.
Status verify_issued_by(X509* certificate, X509* ca, std::chrono::system_clock::time_point now);

}  // namespace ks::certs
