#pragma once

#include <string>

#include "base/error.hpp"
#include "kube/api.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::joining {

// --discovery-file: a kubeconfig naming the cluster's server and CA, as a path on this machine (not under
// the node root: like --config it is the user's file) or an https URL fetched with the system's trusted CAs
// through `https`. The file may carry a user's credentials (a token or a client certificate), which the
// kubelet then bootstraps with when no --tls-bootstrap-token is given. A document with only a cluster (what
// cluster-info publishes) is taken too. The download is bounded by the client, the file by a size limit.
Result<kube::Kubeconfig> read_discovery_file(const std::string& location, kube::ApiFactory& https);

}  // namespace ks::joining
