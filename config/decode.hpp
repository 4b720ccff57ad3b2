#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"

namespace ks::config {

inline constexpr std::string_view kV1Beta4 = "kubeadm.k8s.io/v1beta4";
inline constexpr std::string_view kV1Beta3 = "kubeadm.k8s.io/v1beta3";
inline constexpr std::string_view kKubeletConfigAPIVersion = "kubelet.config.k8s.io/v1beta1";
inline constexpr std::string_view kKubeProxyConfigAPIVersion = "kubeproxy.config.k8s.io/v1alpha1";

struct DecodedInit {
  InitConfiguration config;  // not yet defaulted: empty strings mean "not given"
  std::vector<std::string> warnings;
};

// Reads a kubeadm config file for `init`: InitConfiguration and/or ClusterConfiguration (v1beta4, or
// v1beta3 converted), plus an optional KubeletConfiguration and KubeProxyConfiguration.
Result<DecodedInit> decode_init_config(std::string_view text);

}  // namespace ks::config
