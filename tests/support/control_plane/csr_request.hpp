#pragma once

#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::standin {

// What a CertificateSigningRequest's spec.request asks for, read with OpenSSL directly (not with kubestrap's
// certs/ code, so that a bug there is not mirrored here): the subject and the subject alternative names.
struct RequestedCertificate {
  std::string common_name;
  std::vector<std::string> organizations;
  int dns_names = 0, emails = 0, ip_addresses = 0, uris = 0;
  std::shared_ptr<EVP_PKEY> public_key;
};

// spec.request (base64 of a PEM "CERTIFICATE REQUEST" whose signature verifies).
Result<RequestedCertificate> read_certificate_request(const nlohmann::json& csr);

// pkg/apis/certificates/helpers.go ValidateKubeletClientCSR: O exactly [system:nodes], no SANs, CN
// system:node:<name>, usages exactly {digital signature, client auth} or with key encipherment. "" when
// valid, else the reason.
std::string kubelet_client_problem(const RequestedCertificate& request, const nlohmann::json& usages);

}  // namespace ks::standin
