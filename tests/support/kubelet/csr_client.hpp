#pragma once

#include <openssl/evp.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "kube/api.hpp"

namespace ks::standin {

// What the kubelet asks for: the subject of its client certificate and the usages it requests.
struct ClientCertificateRequest {
  std::string common_name;                 // system:node:<name>
  std::vector<std::string> organizations;  // system:nodes
  std::vector<std::string> usages;         // DefaultKubeletClientGetUsages for the key
};

// The kubelet client usages for a key (client-go util/certificate/certificate_manager.go,
// DefaultKubeletClientGetUsages): key encipherment only for an RSA key.
std::vector<std::string> kubelet_client_usages(EVP_PKEY* key);

// The bootstrap CSR's name (pkg/kubelet/certificate/bootstrap/bootstrap.go, digestedName): "node-csr-" and
// the unpadded base64url SHA-512/256 of the DER public key, CN, organizations and usages, each base64url
// encoded and followed by '|', so the same key asks under the same name after a restart.
Result<std::string> bootstrap_csr_name(EVP_PKEY* key, const ClientCertificateRequest& request);

// client-go util/certificate/csr/csr.go: RequestCertificate (create the CSR for the kubelet client signer
// under `name`, or with generateName "csr-" when it is empty; an existing CSR of that name is reused) and
// WaitForCertificate (list+watch on that one name until it is approved and issued; denied, failed or
// deleted is an error). Returns the issued certificate chain (PEM).
Result<std::string> request_client_certificate(kube::Api& api, EVP_PKEY* key,
                                               const ClientCertificateRequest& request,
                                               const std::string& name);

}  // namespace ks::standin
