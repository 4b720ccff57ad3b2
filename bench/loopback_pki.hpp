#pragma once

// A CA and a serving certificate for 127.0.0.1 signed by it, valid for an hour: what a benchmark's local
// HTTPS server needs so that kubestrap's clients verify it as they verify a real API server.
#include <chrono>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "certs/openssl_ptr.hpp"

namespace ks::bench {

struct LoopbackPki {
  certs::PKeyPtr ca_key, server_key;
  certs::X509Ptr ca, server_certificate;  // the serving certificate parsed back, usable by a TLS server
  std::string ca_pem;
};

inline LoopbackPki loopback_pki(config::KeyAlgorithm algorithm) {
  auto now = std::chrono::system_clock::now();
  LoopbackPki pki;
  pki.ca_key = certs::generate_key(algorithm).value();
  pki.server_key = certs::generate_key(algorithm).value();
  certs::CertificateRequest ca_request{"kubernetes",
                                       {},
                                       {"kubernetes"},
                                       {},
                                       certs::Usage::CA,
                                       now - std::chrono::minutes(1),
                                       now + std::chrono::hours(1),
                                       1};
  pki.ca = certs::issue_certificate(ca_request, pki.ca_key.get(), nullptr, pki.ca_key.get()).value();
  pki.ca_pem = certs::certificate_pem(pki.ca.get()).value();
  certs::CertificateRequest server_request{"kube-apiserver",
                                           {},
                                           {"localhost"},
                                           {IpAddress::parse("127.0.0.1").value()},
                                           certs::Usage::Server,
                                           now - std::chrono::minutes(1),
                                           now + std::chrono::hours(1),
                                           2};
  auto issued =
      certs::issue_certificate(server_request, pki.server_key.get(), pki.ca.get(), pki.ca_key.get()).value();
  pki.server_certificate = certs::parse_certificate(certs::certificate_pem(issued.get()).value()).value();
  return pki;
}

}  // namespace ks::bench
