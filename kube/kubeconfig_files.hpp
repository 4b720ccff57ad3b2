#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "certs/pki.hpp"
#include "config/types.hpp"
#include "host/host.hpp"
#include "workflow/reporter.hpp"

namespace ks::kube {

// One of the kubeconfig files kubeadm writes under /etc/kubernetes for a control-plane node.
struct KubeconfigSpec {
  std::string name;  // phase name: "admin", "super-admin", ...
  std::string file;  // "admin.conf"
  std::string help;
  std::string common_name;
  std::vector<std::string> organizations;
  bool local_endpoint = false;  // the local API server rather than controlPlaneEndpoint
};

std::vector<KubeconfigSpec> kubeconfig_specs(const config::InitConfiguration& config);
std::string kubeconfig_path(const KubeconfigSpec& spec);

// Writes the file with a new client certificate, or keeps the existing one if it trusts this cluster's CA
// (a different server address only earns a warning, as with kubeadm).
Status ensure_kubeconfig(const KubeconfigSpec& spec, const config::InitConfiguration& config, certs::Pki& pki,
                         const host::Host& host, workflow::Reporter& reporter);

}  // namespace ks::kube
