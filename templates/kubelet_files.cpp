#include "templates/kubelet_files.hpp"

#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/decode.hpp"
#include "config/derived.hpp"
#include "templates/static_pod.hpp"

namespace ks::templates {

using nlohmann::json;

json kubelet_configuration(const config::InitConfiguration& c, const NodeFacts& facts,
                           std::vector<std::string>& warnings) {
  json document = c.kubelet_configuration->is_object() ? *c.kubelet_configuration : json::object();
  document["apiVersion"] = config::kKubeletConfigAPIVersion;
  document["kind"] = "KubeletConfiguration";
  auto recommend = [&](const json::json_pointer& pointer, const json& value) {
    if (!document.contains(pointer)) {
      document[pointer] = value;
    } else if (document[pointer] != value) {
      warnings.push_back("the KubeletConfiguration sets " + pointer.to_string().substr(1) + " to " +
                         document[pointer].dump(-1, ' ', false, json::error_handler_t::replace) +
                         "; kubestrap recommends " + value.dump());
    }
  };
  recommend("/staticPodPath"_json_pointer, std::string(constants::kManifestsDir));
  recommend("/clusterDNS"_json_pointer, json::array({config::dns_service_ip(c).str()}));
  recommend("/clusterDomain"_json_pointer, c.cluster.networking.dns_domain);
  recommend("/authentication/x509/clientCAFile"_json_pointer, c.cluster.certificates_dir + "/ca.crt");
  recommend("/authentication/anonymous/enabled"_json_pointer, false);
  recommend("/authentication/webhook/enabled"_json_pointer, true);
  recommend("/authorization/mode"_json_pointer, "Webhook");
  recommend("/healthzBindAddress"_json_pointer, "127.0.0.1");
  recommend("/healthzPort"_json_pointer, constants::kKubeletHealthzPort);
  recommend("/readOnlyPort"_json_pointer, 0);
  recommend("/cgroupDriver"_json_pointer, "systemd");
  if (facts.systemd_resolved) recommend("/resolvConf"_json_pointer, "/run/systemd/resolve/resolv.conf");
  document["rotateCertificates"] = true;  // the kubelet's client certificate must renew itself
  return document;
}

bool cri_socket_is_node_local(const config::InitConfiguration& c) {
  return config::feature_enabled(c, "NodeLocalCRISocket");
}

std::optional<std::string> kubelet_instance_config(const config::InitConfiguration& c) {
  if (!cri_socket_is_node_local(c)) return std::nullopt;
  // kubeadm's one line; the socket is a validated URL, quoted as a JSON string (valid YAML) all the same.
  return "containerRuntimeEndpoint: " + json(c.node_registration.cri_socket).dump() + "\n";
}

json with_instance_config(json kubelet_configuration, const config::InitConfiguration& c) {
  if (cri_socket_is_node_local(c))
    kubelet_configuration["containerRuntimeEndpoint"] = c.node_registration.cri_socket;
  return kubelet_configuration;
}

std::string kubelet_flags_env(const config::InitConfiguration& c, const NodeFacts& facts, bool worker) {
  std::vector<config::Arg> flags;
  if (!cri_socket_is_node_local(c))
    flags.push_back({"container-runtime-endpoint", c.node_registration.cri_socket});
  flags.push_back({"pod-infra-container-image", config::pause_image(c)});
  if (c.node_registration.name != facts.os_hostname)
    flags.push_back({"hostname-override", c.node_registration.name});
  if (worker && c.node_registration.taints && !c.node_registration.taints->empty()) {
    std::vector<std::string> taints;
    for (const auto& t : *c.node_registration.taints)
      taints.push_back(t.key + (t.value.empty() ? "" : "=" + t.value) + ":" + t.effect);
    flags.push_back({"register-with-taints", join(taints, ",")});
  }
  return "KUBELET_KUBEADM_ARGS=\"" + join(build_flags(flags, c.node_registration.kubelet_extra_args), " ") +
         "\"\n";
}

}  // namespace ks::templates
