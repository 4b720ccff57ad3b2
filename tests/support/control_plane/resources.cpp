#include "tests/support/control_plane/resources.hpp"

#include <algorithm>
#include <set>

namespace ks::standin {

std::string Resource::singular() const {
  return kind.empty() ? name : [&] {
    std::string lower = kind;
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
  }();
}

const std::vector<Resource>& resources() {
  static const std::vector<Resource> table = {
      {"", "v1", "namespaces", "Namespace", false, "namespaces", {"status", "finalize"}, {"ns"}},
      {"", "v1", "configmaps", "ConfigMap", true, "configmaps", {}, {"cm"}},
      {"", "v1", "secrets", "Secret", true, "secrets"},
      {"", "v1", "nodes", "Node", false, "minions", {"status"}, {"no"}},
      {"", "v1", "services", "Service", true, "services/specs", {"status"}, {"svc"}},
      {"", "v1", "serviceaccounts", "ServiceAccount", true, "serviceaccounts", {}, {"sa"}},
      {"", "v1", "endpoints", "Endpoints", true, "services/endpoints", {}, {"ep"}},
      {"discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, "endpointslices"},
      {"", "v1", "pods", "Pod", true, "pods", {"status"}, {"po"}},
      {"apps", "v1", "deployments", "Deployment", true, "deployments", {"status", "scale"}, {"deploy"}},
      {"apps", "v1", "daemonsets", "DaemonSet", true, "daemonsets", {"status"}, {"ds"}},
      {"rbac.authorization.k8s.io", "v1", "roles", "Role", true, "roles"},
      {"rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, "rolebindings"},
      {"rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, "clusterroles"},
      {"rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false,
       "clusterrolebindings"},
      {"certificates.k8s.io",
       "v1",
       "certificatesigningrequests",
       "CertificateSigningRequest",
       false,
       "certificatesigningrequests",
       {"approval", "status"},
       {"csr"}},
      {"coordination.k8s.io", "v1", "leases", "Lease", true, "leases"},
      {"authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, ""},
      {"authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, ""},
      {"authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, ""},
      {"authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, ""},
  };
  return table;
}

const Resource* find_resource(const std::string& group, const std::string& version, const std::string& name) {
  for (const auto& resource : resources())
    if (resource.group == group && resource.version == version && resource.name == name) return &resource;
  return nullptr;
}

nlohmann::json core_versions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs", {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

nlohmann::json api_groups() {
  std::set<std::string> seen;
  auto groups = nlohmann::json::array();
  for (const auto& resource : resources()) {
    if (resource.group.empty() || !seen.insert(resource.group).second) continue;
    nlohmann::json version = {{"groupVersion", resource.api_version()}, {"version", resource.version}};
    groups.push_back({{"name", resource.group}, {"versions", {version}}, {"preferredVersion", version}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<nlohmann::json> resource_list(const std::string& group_version) {
  auto entries = nlohmann::json::array();
  for (const auto& resource : resources()) {
    if (resource.api_version() != group_version) continue;
    bool review = resource.registry.empty();
    nlohmann::json verbs =
        review ? nlohmann::json{"create"}
               : nlohmann::json{"create", "delete", "get", "list", "patch", "update", "watch"};
    nlohmann::json entry = {{"name", resource.name},
                            {"singularName", resource.singular()},
                            {"namespaced", resource.namespaced},
                            {"kind", resource.kind},
                            {"verbs", verbs}};
    if (!resource.short_names.empty()) entry["shortNames"] = resource.short_names;
    entries.push_back(entry);
    for (const auto& sub : resource.subresources) {
      nlohmann::json sub_entry = {{"name", resource.name + "/" + sub},
                                  {"singularName", ""},
                                  {"namespaced", resource.namespaced},
                                  {"kind", sub == "scale" ? "Scale" : resource.kind},
                                  {"verbs", {"get", "patch", "update"}}};
      // A scale subresource serves autoscaling/v1 Scale, which discovery names (kubectl scale reads it).
      if (sub == "scale") sub_entry.update({{"group", "autoscaling"}, {"version", "v1"}});
      entries.push_back(sub_entry);
    }
  }
  if (entries.empty()) return std::nullopt;
  return nlohmann::json{{"kind", "APIResourceList"},
                        {"apiVersion", "v1"},
                        {"groupVersion", group_version},
                        {"resources", entries}};
}

nlohmann::json openapi_index() {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& resource : resources()) {
    std::string prefix = resource.group.empty() ? "api/" : "apis/";
    paths[prefix + resource.api_version()] = {
        {"serverRelativeURL", "/openapi/v3/" + prefix + resource.api_version()}};
  }
  return {{"paths", paths}};
}

std::optional<nlohmann::json> openapi_document(const std::string& group_version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& resource : resources()) {
    if (resource.api_version() != group_version) continue;
    auto base = (resource.group.empty() ? "/api/" : "/apis/") + resource.api_version() +
                (resource.namespaced ? "/namespaces/{namespace}/" : "/") + resource.name;
    nlohmann::json gvk = {{"group", resource.group}, {"version", resource.version}, {"kind", resource.kind}};
    nlohmann::json validation = {
        {"name", "fieldValidation"}, {"in", "query"}, {"schema", {{"type", "string"}}}};
    auto operation = [&](const std::string& action, bool validates) {
      nlohmann::json op = {{"x-kubernetes-action", action},
                           {"x-kubernetes-group-version-kind", gvk},
                           {"responses", {{"200", {{"description", "OK"}}}}}};
      if (validates) op["parameters"] = {validation};
      return op;
    };
    paths[base] = {{"get", operation("list", false)}, {"post", operation("post", true)}};
    paths[base + "/{name}"] = {{"get", operation("get", false)},
                               {"put", operation("put", true)},
                               {"patch", operation("patch", true)},
                               {"delete", operation("delete", false)}};
  }
  if (paths.empty()) return std::nullopt;
  return nlohmann::json{{"openapi", "3.0.0"},
                        {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
                        {"paths", paths},
                        {"components", {{"schemas", nlohmann::json::object()}}}};
}

}  // namespace ks::standin
