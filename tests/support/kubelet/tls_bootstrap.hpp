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

// The kubelet's TLS bootstrap: with a bootstrap kubeconfig (a bootstrap token) and no kubeconfig, send a
// CSR for system:node:<name> to the kube-apiserver-client-kubelet signer, wait for the certificate, keep it
// with its key in <cert-dir>/kubelet-client-<time>.pem (kubelet-client-current.pem links to it) and write
// the kubeconfig pointing at that file. Returns once the kubeconfig is written.
Status tls_bootstrap(const host::Files& files, const std::string& node_name,
                     const KubeletCredentialPaths& paths);

}  // namespace ks::standin
