#include "tests/support/control_plane/user_facing_roles.hpp"

#include <string>

#include "base/strings.hpp"

namespace ks::standin {

namespace {

// One PolicyRule of the tables below: a single API group ("" is the core group) and space-separated
// resources and verbs, so the tables read as the rule lists do.
struct RuleRow {
  const char* group;
  const char* resources;
  const char* verbs;
};

constexpr const char* kRead = "get list watch";
constexpr const char* kWrite = "create delete deletecollection patch update";
constexpr const char* kReadWrite = "create delete deletecollection get list patch update watch";

// The rules of the system:aggregate-to-* roles, in the order of the golden file
// testdata/cluster-roles.yaml (v1.28 and later; the lists are the same in v1.32).
constexpr RuleRow kAggregateToAdmin[] = {
    {"authorization.k8s.io", "localsubjectaccessreviews", "create"},
    {"rbac.authorization.k8s.io", "rolebindings roles", kReadWrite},
};

constexpr RuleRow kAggregateToEdit[] = {
    {"", "pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy", kRead},
    {"", "serviceaccounts", "impersonate"},
    {"", "pods pods/attach pods/exec pods/portforward pods/proxy", kWrite},
    {"", "pods/eviction", "create"},
    {"",
     "configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets "
     "serviceaccounts services services/proxy",
     kWrite},
    {"", "serviceaccounts/token", "create"},
    {"apps",
     "daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale "
     "statefulsets "
     "statefulsets/scale",
     kWrite},
    {"autoscaling", "horizontalpodautoscalers", kWrite},
    {"batch", "cronjobs jobs", kWrite},
    {"extensions",
     "daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets "
     "replicasets/scale replicationcontrollers/scale",
     kWrite},
    {"policy", "poddisruptionbudgets", kWrite},
    {"networking.k8s.io", "ingresses networkpolicies", kWrite},
    {"coordination.k8s.io", "leases", kReadWrite},
};

constexpr RuleRow kAggregateToView[] = {
    {"",
     "configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers "
     "replicationcontrollers/scale serviceaccounts services services/status",
     kRead},
    {"",
     "bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status "
     "resourcequotas resourcequotas/status",
     kRead},
    {"", "namespaces", kRead},
    {"discovery.k8s.io", "endpointslices", kRead},
    {"apps",
     "controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status "
     "replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status",
     kRead},
    {"autoscaling", "horizontalpodautoscalers horizontalpodautoscalers/status", kRead},
    {"batch", "cronjobs cronjobs/status jobs jobs/status", kRead},
    {"extensions",
     "daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses "
     "ingresses/status networkpolicies replicasets replicasets/scale replicasets/status "
     "replicationcontrollers/scale",
     kRead},
    {"policy", "poddisruptionbudgets poddisruptionbudgets/status", kRead},
    {"networking.k8s.io", "ingresses ingresses/status networkpolicies", kRead},
};

nlohmann::json word_list(const char* text) {
  auto list = nlohmann::json::array();
  for (const auto& word : split(text, ' '))
    if (!word.empty()) list.push_back(word);
  return list;
}

template <std::size_t N>
nlohmann::json rules_of(const RuleRow (&rows)[N]) {
  auto rules = nlohmann::json::array();
  for (const auto& row : rows)
    rules.push_back({{"apiGroups", {row.group}},
                     {"resources", word_list(row.resources)},
                     {"verbs", word_list(row.verbs)}});
  return rules;
}

const char* const kAggregateLabel = "rbac.authorization.k8s.io/aggregate-to-";

// Every bootstrap role carries the bootstrapping label and the autoupdate annotation (policy.go,
// addDefaultMetadata); `aggregates_into` adds the label that puts this role's rules into another.
nlohmann::json user_facing_role(const std::string& name, const std::string& aggregates_into) {
  nlohmann::json labels = {{"kubernetes.io/bootstrapping", "rbac-defaults"}};
  if (!aggregates_into.empty()) labels[kAggregateLabel + aggregates_into] = "true";
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRole"},
          {"metadata",
           {{"name", name},
            {"labels", labels},
            {"annotations", {{"rbac.authorization.kubernetes.io/autoupdate", "true"}}}}}};
}

// A role filled by aggregation: selects the roles labelled aggregate-to-<name>.
nlohmann::json aggregating_role(const std::string& name, const std::string& aggregates_into) {
  auto role = user_facing_role(name, aggregates_into);
  role["aggregationRule"] = {
      {"clusterRoleSelectors", {{{"matchLabels", {{kAggregateLabel + name, "true"}}}}}}};
  return role;
}

template <std::size_t N>
nlohmann::json aggregated_role(const std::string& into, const RuleRow (&rows)[N]) {
  auto role = user_facing_role("system:aggregate-to-" + into, into);
  role["rules"] = rules_of(rows);
  return role;
}

}  // namespace

std::vector<nlohmann::json> user_facing_cluster_roles() {
  return {aggregating_role("admin", ""),
          aggregating_role("edit", "admin"),
          aggregating_role("view", "edit"),
          aggregated_role("admin", kAggregateToAdmin),
          aggregated_role("edit", kAggregateToEdit),
          aggregated_role("view", kAggregateToView)};
}

}  // namespace ks::standin
