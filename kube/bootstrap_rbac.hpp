#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::kube {

class Api;

// The RBAC objects kubeadm creates so that bootstrap tokens and nodes can join: read Nodes, send CSRs
// that get approved, and renew their certificates once they are nodes.
std::vector<nlohmann::json> bootstrap_token_rbac();

// A Role allowing `get` on one ConfigMap, and its RoleBinding to the given groups (how joining nodes
// read kubeadm-config and kubelet-config).
std::vector<nlohmann::json> config_map_readers(const std::string& name, const std::string& namespace_,
                                               const std::string& config_map,
                                               const std::vector<std::string>& groups);

// The binding that makes admin.conf's group (kubeadm:cluster-admins) an administrator.
nlohmann::json cluster_admins_binding();

// Creates that binding through admin.conf. admin.conf may not create its own binding before it exists,
// so on Forbidden it is made through super-admin.conf (system:masters), as kubeadm does; `say` tells.
Status ensure_cluster_admins(Api& admin, const std::function<Result<Api*>()>& super_admin,
                             const std::function<void(const std::string&)>& say);

}  // namespace ks::kube
