#pragma once

#include <string>

#include "base/error.hpp"
#include "host/files.hpp"

namespace ks::standin {

// Where the kubelet keeps its credentials: --bootstrap-kubeconfig, --kubeconfig and --cert-dir.
struct KubeletCredentialPaths {
  std::string bootstrap_kubeconfig;
  std::string kubeconfig;
  std::string cert_dir;
};

// The kubelet's TLS bootstrap (pkg/kubelet/certificate/bootstrap/bootstrap.go, LoadClientCert): with the
// bootstrap kubeconfig's credentials (a bootstrap token) and no kubeconfig, ask for a system:node:<name>
// client certificate through a CSR named node-csr-<digest of its key and subject>, with the key kept in
// <cert-dir>/kubelet-client.key.tmp until the certificate comes (so a restarted kubelet asks again under
// the same name), store the pair in the certificate store, and write the kubeconfig the kubelet writes:
// the bootstrap cluster as default-cluster, default-auth naming kubelet-client-current.pem,
// default-context. Returns once the kubeconfig is written.
Status tls_bootstrap(const host::Files& files, const std::string& node_name,
                     const KubeletCredentialPaths& paths);

}  // namespace ks::standin
