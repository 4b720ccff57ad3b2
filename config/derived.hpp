#pragma once

#include <string>
#include <vector>

#include "base/ip.hpp"
#include "config/types.hpp"

namespace ks::config {

// Values computed from a defaulted and validated configuration. Validation guarantees they parse.
std::vector<Cidr> service_subnets(const InitConfiguration& config);
IpAddress advertise_address(const InitConfiguration& config);
// The in-cluster address of the API server (first address of the first service subnet): 10.96.0.1.
IpAddress kubernetes_service_ip(const InitConfiguration& config);
// The CoreDNS address (tenth address): 10.96.0.10.
IpAddress dns_service_ip(const InitConfiguration& config);
// https://<controlPlaneEndpoint> (bindPort added when it has none), else the local endpoint's URL.
std::string control_plane_url(const InitConfiguration& config);
// https://<advertiseAddress>:<bindPort>
std::string local_api_url(const InitConfiguration& config);
// The host part of controlPlaneEndpoint, or empty.
std::string control_plane_endpoint_host(const InitConfiguration& config);
std::string image(const InitConfiguration& config, const std::string& component);
std::string etcd_image(const InitConfiguration& config);
std::string pause_image(const InitConfiguration& config);
std::string coredns_image(const InitConfiguration& config);
// Every image a control-plane node runs, in kubeadm's order (etcd only with local etcd).
std::vector<std::string> control_plane_images(const InitConfiguration& config);
bool uses_external_etcd(const InitConfiguration& config);
// A kubeadm feature gate: the user's featureGates entry, else its default in the configured minor.
bool feature_enabled(const InitConfiguration& config, const std::string& gate);
// The type of every key the cluster makes: encryptionAlgorithm, unless the deprecated PublicKeysECDSA gate
// is set, either way (kubeadm's ClusterConfiguration.EncryptionAlgorithmType, apis/kubeadm/types.go).
KeyAlgorithm key_algorithm(const InitConfiguration& config);

}  // namespace ks::config
