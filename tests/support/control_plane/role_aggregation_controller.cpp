// kube-controller-manager's clusterrole-aggregation controller
// (pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go): every ClusterRole with an
// aggregationRule gets the rules of the ClusterRoles its selectors match, rewritten only when they differ.
// The real controller writes with a server-side apply and falls back to an update when the server refuses
// apply (415); the stand-in writes the update.
#include "base/json_access.hpp"
#include "tests/support/control_plane/controllers.hpp"
#include "tests/support/control_plane/role_aggregation.hpp"

namespace ks::standin {

Status Controllers::aggregate_cluster_roles() {
  const std::string collection = "/apis/rbac.authorization.k8s.io/v1/clusterroles";
  auto listed = KS_TRY(api.get(collection));
  std::vector<nlohmann::json> roles;
  for (const auto& role : member(listed, "items")) roles.push_back(role);
  for (auto role : roles) {
    auto rules = aggregated_rules(role, roles);
    if (!rules) continue;
    const auto& current = member(role, "rules");
    if (*rules == current || (rules->empty() && current.is_null())) continue;
    role["rules"] = *rules;
    auto path = collection + "/" + string_member(member(role, "metadata"), "name");
    auto put = KS_TRY(api.request("PUT", path, role));
    // A conflict means another writer was first: the next pass reads the new state.
    if (!put.ok() && put.status != 409) return std::unexpected(kube::api_error("PUT", path, put));
  }
  return {};
}

}  // namespace ks::standin
