#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace ks::standin {

// The user-facing ClusterRoles kube-apiserver creates at start (plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy/policy.go, pinned by testdata/cluster-roles.yaml): `admin`, `edit` and `view`, which hold
// no rules of their own but an aggregationRule, and the `system:aggregate-to-*` roles whose labels put their
// rules into them. `edit` is labelled to aggregate into `admin`, `view` into `edit`, so once the
// clusterrole-aggregation controller has run, admin ⊇ edit ⊇ view.
std::vector<nlohmann::json> user_facing_cluster_roles();

}  // namespace ks::standin
