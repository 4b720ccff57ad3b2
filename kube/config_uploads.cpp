#include "kube/config_uploads.hpp"

#include <nlohmann/json.hpp>

#include "certs/digest.hpp"
#include "config/constants.hpp"
#include "kube/bootstrap_rbac.hpp"
#include "kube/objects.hpp"

namespace ks::kube {

namespace {

const std::string kNamespace(constants::kKubeSystemNamespace);
const std::string kBootstrappers(constants::kBootstrapTokenDefaultGroup);
const std::string kNodes(constants::kNodesGroup);

std::vector<nlohmann::json> with_readers(nlohmann::json config_map, const std::string& role,
                                         const std::vector<std::string>& groups) {
  std::vector<nlohmann::json> objects = {config_map};
  for (auto& object : config_map_readers(role, kNamespace, config_map["metadata"]["name"], groups))
    objects.push_back(std::move(object));
  return objects;
}

}  // namespace

std::vector<nlohmann::json> kubeadm_config_objects(const std::string& cluster_configuration_yaml) {
  return with_readers(config_map(std::string(constants::kKubeadmConfigMap), kNamespace,
                                 {{"ClusterConfiguration", cluster_configuration_yaml}}),
                      "kubeadm:nodes-kubeadm-config", {kBootstrappers, kNodes});
}

std::vector<nlohmann::json> kubelet_config_objects(const std::string& kubelet_configuration_yaml) {
  auto kubelet = config_map(std::string(constants::kKubeletConfigMap), kNamespace,
                            {{"kubelet", kubelet_configuration_yaml}});
  kubelet["metadata"]["annotations"] = {{"kubeadm.kubernetes.io/component-config.hash",
                                         "sha256:" + certs::sha256_hex(kubelet_configuration_yaml)}};
  return with_readers(kubelet, "kubeadm:kubelet-config", {kNodes, kBootstrappers});
}

}  // namespace ks::kube
