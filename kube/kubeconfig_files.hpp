#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "certs/pki.hpp"
#include "config/types.hpp"
#include "host/host.hpp"
#include "kube/kubeconfig.hpp"
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

// A kubeconfig for another user of the cluster (kubeadm's `kubeconfig user`, WriteKubeConfigWithClientCert
// and WriteKubeConfigWithToken in cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go): the control-plane
// endpoint, the cluster CA, and either a bearer token or a new key with a client certificate that the
// cluster CA signs for CN = the user, O = the groups, valid for the configuration's
// certificateValidityPeriod. Nothing is written: the caller prints it.
struct UserCredentials {
  std::string name;
  std::vector<std::string> groups;  // the certificate's organizations; unused with a token
  std::string token;                // empty: a client certificate
};
struct UserKubeconfig {
  Kubeconfig kubeconfig;
  std::optional<certs::CertificateInfo> certificate;  // the issued client certificate, without a token
};
Result<UserKubeconfig> user_kubeconfig(const UserCredentials& user, const config::InitConfiguration& config,
                                       const host::Host& host, workflow::Reporter& reporter);

}  // namespace ks::kube
