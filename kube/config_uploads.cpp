#include "kube/config_uploads.hpp"

#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "certs/digest.hpp"
#include "config/constants.hpp"
#include "kube/bootstrap_rbac.hpp"
#include "kube/objects.hpp"

namespace ks::kube {

namespace {

const std::string kNamespace(constants::kKubeSystemNamespace);
const std::string kBootstrappers(constants::kBootstrapTokenDefaultGroup);
const std::string kNodes(constants::kNodesGroup);
const std::string kComponentConfigHashAnnotation = "kubeadm.kubernetes.io/component-config.hash";

std::vector<nlohmann::json> with_readers(nlohmann::json config_map, const std::string& role,
                                         const std::vector<std::string>& groups) {
  std::vector<nlohmann::json> objects = {config_map};
  for (auto& object : config_map_readers(role, kNamespace, config_map["metadata"]["name"], groups))
    objects.push_back(std::move(object));
  return objects;
}

// The values of a data or binaryData map, concatenated in key order (nlohmann's objects iterate sorted
// by key, as Go's sorted key slices do). binaryData holds base64 in JSON; its bytes are what is hashed.
std::string values_in_key_order(const nlohmann::json& config_map, const char* field, bool base64) {
  std::string joined;
  const auto& values = member(config_map, field);
  if (!values.is_object()) return joined;
  for (const auto& [key, value] : values.items()) {
    if (!value.is_string()) continue;
    joined += base64 ? base64_decode(value.get<std::string>()).value_or("") : value.get<std::string>();
  }
  return joined;
}

}  // namespace

ComponentConfigOrigin component_config_origin(const nlohmann::json& user_document) {
  // A document carries at least its apiVersion and kind, so "none" is the empty object.
  bool none = user_document.is_null() || (user_document.is_object() && user_document.empty());
  return none ? ComponentConfigOrigin::Generated : ComponentConfigOrigin::UserSupplied;
}

void sign_config_map(nlohmann::json& config_map) {
  // kubeadm's ChecksumForConfigMap (componentconfigs/checksums.go): data, then binaryData, each in key order.
  auto hash = "sha256:" + certs::sha256_hex(values_in_key_order(config_map, "data", false) +
                                            values_in_key_order(config_map, "binaryData", true));
  config_map["metadata"]["annotations"][kComponentConfigHashAnnotation] = hash;
}

std::vector<nlohmann::json> with_component_config_signed(std::vector<nlohmann::json> objects,
                                                         ComponentConfigOrigin origin) {
  if (origin == ComponentConfigOrigin::UserSupplied) return objects;
  for (auto& object : objects)
    if (object.value("kind", "") == "ConfigMap") sign_config_map(object);
  return objects;
}

std::vector<nlohmann::json> kubeadm_config_objects(const std::string& cluster_configuration_yaml) {
  return with_readers(config_map(std::string(constants::kKubeadmConfigMap), kNamespace,
                                 {{"ClusterConfiguration", cluster_configuration_yaml}}),
                      "kubeadm:nodes-kubeadm-config", {kBootstrappers, kNodes});
}

std::vector<nlohmann::json> kubelet_config_objects(const std::string& kubelet_configuration_yaml,
                                                   ComponentConfigOrigin origin) {
  auto kubelet = config_map(std::string(constants::kKubeletConfigMap), kNamespace,
                            {{"kubelet", kubelet_configuration_yaml}});
  if (origin == ComponentConfigOrigin::Generated) sign_config_map(kubelet);
  return with_readers(kubelet, "kubeadm:kubelet-config", {kNodes, kBootstrappers});
}

}  // namespace ks::kube
