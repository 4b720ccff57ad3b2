#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "kube/kubeconfig.hpp"

namespace ks::token {

// kube-public/cluster-info: the cluster's address and CA for token discovery, readable by anyone, with
// the Role and RoleBinding that let system:anonymous get it. The controller manager's bootstrap signer
// adds a JWS per token.
std::vector<nlohmann::json> cluster_info_objects(const kube::Kubeconfig& admin);

}  // namespace ks::token
