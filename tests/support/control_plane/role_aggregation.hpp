#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace ks::standin {

// What kube-controller-manager's clusterrole-aggregation controller writes into a ClusterRole with an
// aggregationRule (pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go,
// syncClusterRole): for each of its clusterRoleSelectors in order, the rules of every other ClusterRole the
// selector matches, those roles taken by name, each rule once (a rule equal to one already taken is
// skipped). nullopt for a role without an aggregationRule, which the controller leaves alone.
std::optional<nlohmann::json> aggregated_rules(const nlohmann::json& role,
                                               const std::vector<nlohmann::json>& cluster_roles);

}  // namespace ks::standin
