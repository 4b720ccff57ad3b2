#include "templates/addons.hpp"

#include <nlohmann/json.hpp>
#include <tuple>

#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "config/releases.hpp"
#include "templates/templates.hpp"

namespace ks::templates {

namespace {

using nlohmann::json;

// The one document of a single-document template, as YAML text.
std::string render_document(std::string_view name, const std::map<std::string, json>& values) {
  auto documents = render_objects(name, values);
  if (documents.size() != 1) throw std::logic_error("template " + std::string(name) + " is not one document");
  return to_yaml(documents.front());
}

json& object_of_kind(std::vector<json>& objects, std::string_view kind) {
  for (auto& object : objects)
    if (object["kind"] == kind) return object;
  throw std::logic_error("no " + std::string(kind) + " in the addon template");
}

}  // namespace

std::vector<json> coredns_objects(const config::InitConfiguration& config) {
  auto objects = render_objects(
      "coredns.yaml",
      {{"image", config::coredns_image(config)},
       // A DNS-1123 domain (validated): it cannot add a line or a block to the Corefile.
       {"Corefile", render("Corefile", {{"dns_domain", config.cluster.networking.dns_domain}})},
       {"dns_ip", config::dns_service_ip(config).str()}});
  if (config::release_of(config).named_probe_ports) {
    // kubeadm 1.34 (kubernetes/kubernetes#131587): the probes name their ports, which the container declares
    // after its dns and metrics ports.
    auto& container = object_of_kind(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0];
    for (const auto& [probe, port, name] : {std::tuple{"livenessProbe", 8080, "liveness-probe"},
                                            std::tuple{"readinessProbe", 8181, "readiness-probe"}}) {
      container["ports"].push_back({{"containerPort", port}, {"name", name}, {"protocol", "TCP"}});
      container[probe]["httpGet"]["port"] = name;
    }
  }
  return objects;
}

namespace {

// kubeadm's KubeProxyConfiguration, or the user's with kubeadm's values where it leaves them empty.
std::string kube_proxy_configuration(const config::InitConfiguration& config) {
  auto defaults = render_objects("kube-proxy-config.yaml",
                                 {{"bind_address", config::advertise_address(config).v6 ? "::" : "0.0.0.0"},
                                  {"cluster_cidr", config.cluster.networking.pod_subnet},
                                  {"kubeconfig", std::string(constants::kKubeProxyKubeconfig)}})
                      .front();
  const auto& user = *config.kube_proxy_configuration;
  if (!user.is_object() || user.empty()) return to_yaml(defaults);
  auto merged = user;
  for (const auto& pointer : {"/bindAddress"_json_pointer, "/clusterCIDR"_json_pointer,
                              "/clientConnection/kubeconfig"_json_pointer})
    if (!merged.contains(pointer) || merged[pointer] == "" || merged[pointer].is_null())
      merged[pointer] = defaults[pointer];
  return to_yaml(merged);
}

}  // namespace

std::vector<json> kube_proxy_objects(const config::InitConfiguration& config, const NodeFacts& facts) {
  auto proxy_config = kube_proxy_configuration(config);
  auto kubeconfig =
      render_document("kube-proxy-kubeconfig.yaml", {{"server", config::control_plane_url(config)}});
  auto objects = render_objects("kube-proxy.yaml", {{"image", config::image(config, "kube-proxy")},
                                                    {"config.conf", proxy_config},
                                                    {"kubeconfig.conf", kubeconfig}});
  auto& env = object_of_kind(objects, "DaemonSet")["spec"]["template"]["spec"]["containers"][0]["env"];
  for (const auto& var : facts.proxy_env) env.push_back({{"name", var.name}, {"value", var.value}});
  return objects;
}

}  // namespace ks::templates
