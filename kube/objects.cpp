#include "kube/objects.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include "kube/api.hpp"

namespace ks::kube {

using nlohmann::json;

namespace {
const char* kRbacGroup = "rbac.authorization.k8s.io";
}

json rule(std::vector<std::string> groups, std::vector<std::string> resources, std::vector<std::string> verbs,
          std::vector<std::string> names) {
  json r = {{"apiGroups", groups}, {"resources", resources}, {"verbs", verbs}};
  if (!names.empty()) r["resourceNames"] = names;
  return r;
}

json role(const std::string& name, const std::string& namespace_, json rules) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "Role"},
          {"metadata", {{"name", name}, {"namespace", namespace_}}},
          {"rules", rules}};
}

json cluster_role(const std::string& name, json rules) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRole"},
          {"metadata", {{"name", name}}},
          {"rules", rules}};
}

json subject(const std::string& kind, const std::string& name, const std::string& namespace_) {
  json s = {{"kind", kind}, {"name", name}};
  if (kind == "ServiceAccount")
    s["namespace"] = namespace_;
  else
    s["apiGroup"] = kRbacGroup;
  return s;
}

json role_binding(const std::string& name, const std::string& namespace_, const std::string& role_kind,
                  const std::string& role, json subjects) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "RoleBinding"},
          {"metadata", {{"name", name}, {"namespace", namespace_}}},
          {"roleRef", {{"apiGroup", kRbacGroup}, {"kind", role_kind}, {"name", role}}},
          {"subjects", subjects}};
}

json cluster_role_binding(const std::string& name, const std::string& cluster_role, json subjects) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRoleBinding"},
          {"metadata", {{"name", name}}},
          {"roleRef", {{"apiGroup", kRbacGroup}, {"kind", "ClusterRole"}, {"name", cluster_role}}},
          {"subjects", subjects}};
}

json config_map(const std::string& name, const std::string& namespace_, json data) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", namespace_}}},
          {"data", data}};
}

std::string collection_path(const json& object) {
  auto api_version = object.value("apiVersion", "v1");
  auto kind = object.value("kind", "");
  std::string plural;
  for (char c : kind) plural += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  plural += plural.ends_with("s") ? "" : "s";  // Endpoints -> endpoints
  std::string path =
      api_version.find('/') == std::string::npos ? "/api/" + api_version : "/apis/" + api_version;
  auto namespace_ = object["metadata"].value("namespace", "");
  if (!namespace_.empty()) path += "/namespaces/" + namespace_;
  return path + "/" + plural;
}

Status apply(Api& api, const std::vector<json>& objects) {
  for (const auto& object : objects) KS_TRY(api.create_or_update(collection_path(object), object));
  return {};
}

}  // namespace ks::kube
