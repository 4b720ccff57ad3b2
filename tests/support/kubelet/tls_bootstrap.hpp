#pragma once

#include <string>

#include "base/error.hpp"
#include "host/files.hpp"

namespace ks::standin {

// The kubelet's TLS bootstrap: with bootstrap-kubelet.conf (a bootstrap token) and no kubelet.conf, send a
// CSR for system:node:<name> to the kube-apiserver-client-kubelet signer, wait for the certificate, keep it
// with its key in /var/lib/kubelet/pki/kubelet-client-<time>.pem (kubelet-client-current.pem links to it)
// and write kubelet.conf pointing at that file. Returns once kubelet.conf is written.
Status tls_bootstrap(const host::Files& files, const std::string& node_name);

}  // namespace ks::standin
