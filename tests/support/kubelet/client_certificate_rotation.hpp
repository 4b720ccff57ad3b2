#pragma once

#include <string>

#include "base/error.hpp"
#include "host/files.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::standin {

// The kubelet's client certificate manager renewing its certificate (client-go
// util/certificate/certificate_manager.go, rotateCerts): a new ECDSA P-256 key, a CSR for the same subject
// with generateName "csr-", sent with the kubelet's current credentials — the node itself, which the
// approver takes for a selfnodeclient renewal —, waited for by list+watch, and the new pair put in the
// certificate store under <cert-dir>. `current` holds the credentials in use (certificate and key PEM).
Status rotate_client_certificate(const host::Files& files, const std::string& node_name,
                                 const kube::Kubeconfig& current, const std::string& cert_dir);

}  // namespace ks::standin
