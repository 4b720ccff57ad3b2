// A cluster CA for tests that need one only to be trusted or pinned (discovery, join): ECDSA P-256 (fast),
// valid for a day, its PEM and its sha256 pin.
#pragma once

#include <chrono>
#include <string>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "certs/pin.hpp"

namespace ks::testing {

struct TestCa {
  std::string pem;
  std::string pin;  // "sha256:<hex>", the --discovery-token-ca-cert-hash value
};

inline TestCa make_test_ca() {
  using namespace std::chrono_literals;
  auto now = std::chrono::system_clock::now();
  auto key = certs::generate_key(config::KeyAlgorithm::ECDSAP256).value();
  certs::CertificateRequest request{"kubernetes",     {},  {"kubernetes"}, {},
                                    certs::Usage::CA, now, now + 24h,      1};
  auto ca = certs::issue_certificate(request, key.get(), nullptr, key.get()).value();
  return {certs::certificate_pem(ca.get()).value(), certs::public_key_pin(ca.get())};
}

}  // namespace ks::testing
