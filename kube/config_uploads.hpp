#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace ks::kube {

// Who wrote a component config: kubeadm counts any KubeletConfiguration or KubeProxyConfiguration document
// in --config as user supplied, and signs only the configs it generated itself
// (cmd/kubeadm/app/componentconfigs/configset.go, FromDocumentMap).
enum class ComponentConfigOrigin { Generated, UserSupplied };

// The origin of a component config from the user's document for it (an empty object when there was none).
ComponentConfigOrigin component_config_origin(const nlohmann::json& user_document);

// kubeadm's signature of a component-config ConfigMap (componentconfigs/checksums.go, SignConfigMap): the
// annotation kubeadm.kubernetes.io/component-config.hash = "sha256:" + the hex SHA-256 of the data values
// in key order, then the binaryData values in key order. kubeadm upgrade regenerates a signed config and
// keeps one whose signature does not match (the user's).
void sign_config_map(nlohmann::json& config_map);

// The ConfigMap among `objects` signed when kubeadm generated its component config (the kube-proxy
// addon's, phases/addons/proxy/proxy.go); the objects unchanged otherwise.
std::vector<nlohmann::json> with_component_config_signed(std::vector<nlohmann::json> objects,
                                                         ComponentConfigOrigin origin);

// kube-system/kubeadm-config holding the ClusterConfiguration, readable by bootstrap tokens and nodes
// (joining nodes read it).
std::vector<nlohmann::json> kubeadm_config_objects(const std::string& cluster_configuration_yaml);

// kube-system/kubelet-config holding the KubeletConfiguration, readable by nodes and bootstrap tokens,
// signed when kubeadm generated it (phases/kubelet/config.go, CreateConfigMap).
std::vector<nlohmann::json> kubelet_config_objects(const std::string& kubelet_configuration_yaml,
                                                   ComponentConfigOrigin origin);

}  // namespace ks::kube
