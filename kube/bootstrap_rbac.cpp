#include "kube/bootstrap_rbac.hpp"

#include <nlohmann/json.hpp>

#include "config/constants.hpp"
#include "kube/api.hpp"
#include "kube/objects.hpp"

namespace ks::kube {

using nlohmann::json;

std::vector<json> bootstrap_token_rbac() {
  auto bootstrappers = json::array({subject("Group", std::string(constants::kBootstrapTokenDefaultGroup))});
  return {
      cluster_role("kubeadm:get-nodes", {rule({""}, {"nodes"}, {"get"})}),
      cluster_role_binding("kubeadm:get-nodes", "kubeadm:get-nodes", bootstrappers),
      cluster_role_binding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", bootstrappers),
      cluster_role_binding("kubeadm:node-autoapprove-bootstrap",
                           "system:certificates.k8s.io:certificatesigningrequests:nodeclient", bootstrappers),
      cluster_role_binding("kubeadm:node-autoapprove-certificate-rotation",
                           "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                           {subject("Group", std::string(constants::kNodesGroup))}),
  };
}

std::vector<json> config_map_readers(const std::string& name, const std::string& namespace_,
                                     const std::string& config_map, const std::vector<std::string>& groups) {
  auto subjects = json::array();
  for (const auto& group : groups) subjects.push_back(subject("Group", group));
  return {role(name, namespace_, {rule({""}, {"configmaps"}, {"get"}, {config_map})}),
          role_binding(name, namespace_, "Role", name, subjects)};
}

json cluster_admins_binding() {
  const std::string group(constants::kClusterAdminsGroup);
  return cluster_role_binding(group, "cluster-admin", {subject("Group", group)});
}

Status ensure_cluster_admins(Api& admin, const std::function<Result<Api*>()>& super_admin,
                             const std::function<void(const std::string&)>& say) {
  auto binding = cluster_admins_binding();
  auto created = admin.create(collection_path(binding), binding);
  if (created || created.error().is(409)) return {};
  if (!created.error().is(403)) return std::unexpected(created.error());
  say("admin.conf may not create its own binding yet; using super-admin.conf");
  auto* privileged = KS_TRY(super_admin());
  return apply(*privileged, {binding});
}

}  // namespace ks::kube
