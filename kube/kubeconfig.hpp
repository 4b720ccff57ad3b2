#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace ks::kube {

// A kubeconfig with one cluster, one user and one context, as kubeadm writes them.
struct Kubeconfig {
  std::string cluster_name;
  std::string server;
  std::string ca_pem;
  std::string user_name;
  std::string client_certificate_pem;  // embedded as *-data
  std::string client_key_pem;
  std::string token;
  // A client certificate (and key) kept in a file instead, as kubelet.conf after the kubelet rotates its
  // certificate: paths on the node, read by whoever uses the kubeconfig.
  std::string client_certificate_file;
  std::string client_key_file;
  std::string context_name() const { return user_name + "@" + cluster_name; }
};

// The one place kubeconfig documents are written: the cluster, a context, the user and its credentials, so
// that parse_kubeconfig reads back what was written (a user without a name included).
std::string render_kubeconfig(const Kubeconfig& kubeconfig);
// Only the cluster (server and CA; no context, no user): what kube-public/cluster-info publishes for token
// discovery, as kubeadm writes it.
std::string render_cluster_only_kubeconfig(const Kubeconfig& kubeconfig);
// Reads such a document (cluster-info's, from a server not trusted yet): exactly one cluster, its server
// and CA; users and contexts are ignored.
Result<Kubeconfig> parse_cluster_only_kubeconfig(std::string_view text);

// The cluster, user and credentials that the current context points at.
Result<Kubeconfig> parse_kubeconfig(std::string_view text);

}  // namespace ks::kube
