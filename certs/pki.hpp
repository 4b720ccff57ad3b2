#pragma once

#include <chrono>
#include <map>
#include <string>

#include "base/error.hpp"
#include "certs/key_pool.hpp"
#include "certs/spec.hpp"
#include "config/types.hpp"
#include "host/host.hpp"
#include "workflow/reporter.hpp"

namespace ks::certs {

// A CA ready to sign. `key` is null for an external CA (its certificate is on disk, its key is not).
struct Signer {
  X509Ptr certificate;
  PKeyPtr key;
};

struct IssuedPair {
  X509Ptr certificate;
  PKeyPtr key;
};

// The cluster PKI on this node: creates what is missing, reuses what is on disk after checking it, and
// refuses to replace anything that does not fit (a certificate from another CA, a SAN missing).
class Pki {
 public:
  Pki(const host::Host& host, const config::InitConfiguration& config, KeyPool& keys,
      workflow::Reporter& reporter);

  Status ensure(const CertSpec& spec);
  Status ensure_service_account_keys();
  // A CA by phase name ("ca", "etcd-ca"), loaded once.
  Result<const Signer*> signer(const std::string& ca_name);
  // A client certificate with a fresh key, signed by the cluster CA (for kubeconfig files).
  Result<IssuedPair> issue_client(const std::string& common_name,
                                  const std::vector<std::string>& organizations);
  // Whether ca.crt is present without ca.key: the user runs their own CA.
  bool external_ca() const;
  std::string path(const std::string& base_name, const std::string& extension) const;

 private:
  Status ensure_ca(const CertSpec& spec);
  Status ensure_leaf(const CertSpec& spec);
  Status check_existing_leaf(const CertSpec& spec, X509* certificate, EVP_PKEY* key);
  Result<PKeyPtr> existing_or_new_key(const std::string& base_name);
  Result<CertificateRequest> request_for(const CertSpec& spec);
  Result<X509Ptr> read_certificate(const std::string& file);
  Result<PKeyPtr> read_public_key(const std::string& file);
  // A private key on disk; one readable by others is warned about and tightened to 0600.
  Result<PKeyPtr> read_key(const std::string& file);
  Status write_pair(const std::string& base_name, X509* certificate, EVP_PKEY* key);

  const host::Host& host_;
  const config::InitConfiguration& config_;
  KeyPool& keys_;
  workflow::Reporter& reporter_;
  std::chrono::system_clock::time_point issued_at_;
  std::chrono::system_clock::time_point not_before_;
  std::map<std::string, Signer> signers_;
};

}  // namespace ks::certs
