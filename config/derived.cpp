#include "config/derived.hpp"

#include <algorithm>

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/releases.hpp"

namespace ks::config {

std::vector<Cidr> service_subnets(const InitConfiguration& config) {
  return parse_cidr_list(config.cluster.networking.service_subnet).value();
}

IpAddress advertise_address(const InitConfiguration& config) {
  return IpAddress::parse(config.local_api_endpoint.advertise_address).value();
}

IpAddress kubernetes_service_ip(const InitConfiguration& config) {
  return service_subnets(config).front().nth(1).value();
}

IpAddress dns_service_ip(const InitConfiguration& config) {
  return service_subnets(config).front().nth(10).value();
}

std::string local_api_url(const InitConfiguration& config) {
  return "https://" + advertise_address(config).url_host() + ":" +
         std::to_string(config.local_api_endpoint.bind_port);
}

std::string control_plane_endpoint_host(const InitConfiguration& config) {
  if (config.cluster.control_plane_endpoint.empty()) return {};
  return HostPort::parse(config.cluster.control_plane_endpoint).value().host;
}

std::string control_plane_url(const InitConfiguration& config) {
  const auto& endpoint = config.cluster.control_plane_endpoint;
  if (endpoint.empty()) return local_api_url(config);
  auto parsed = HostPort::parse(endpoint).value();
  auto address = IpAddress::parse(parsed.host);
  std::string host = address ? address->url_host() : parsed.host;
  int port = parsed.port ? parsed.port : config.local_api_endpoint.bind_port;
  return "https://" + host + ":" + std::to_string(port);
}

std::string image(const InitConfiguration& config, const std::string& component) {
  std::string tag = config.cluster.kubernetes_version;
  for (auto& c : tag)
    if (c == '+') c = '_';
  return config.cluster.image_repository + "/" + component + ":" + tag;
}

std::string etcd_image(const InitConfiguration& config) {
  const auto& local = config.cluster.etcd.local;
  std::string repository =
      local && !local->image_repository.empty() ? local->image_repository : config.cluster.image_repository;
  std::string tag =
      local && !local->image_tag.empty() ? local->image_tag : std::string(release_of(config).etcd_version);
  return repository + "/etcd:" + tag;
}

std::string pause_image(const InitConfiguration& config) {
  return config.cluster.image_repository + "/pause:" + std::string(release_of(config).pause_version);
}

std::string coredns_image(const InitConfiguration& config) {
  const auto& dns = config.cluster.dns;
  // The default registry keeps CoreDNS under coredns/; a custom one is expected to mirror it flat.
  std::string repository = !dns.image_repository.empty() ? dns.image_repository
                           : config.cluster.image_repository == constants::kDefaultImageRepository
                               ? std::string(constants::kDefaultImageRepository) + "/coredns"
                               : config.cluster.image_repository;
  return repository + "/coredns:" +
         (dns.image_tag.empty() ? std::string(release_of(config).coredns_version) : dns.image_tag);
}

std::vector<std::string> control_plane_images(const InitConfiguration& config) {
  std::vector<std::string> images = {image(config, "kube-apiserver"),
                                     image(config, "kube-controller-manager"),
                                     image(config, "kube-scheduler"), image(config, "kube-proxy")};
  if (!config.cluster.dns.disabled) images.push_back(coredns_image(config));
  images.push_back(pause_image(config));
  if (!uses_external_etcd(config)) images.push_back(etcd_image(config));
  return images;
}

bool uses_external_etcd(const InitConfiguration& config) {
  return config.cluster.etcd.external.has_value();
}

bool feature_enabled(const InitConfiguration& config, const std::string& gate) {
  for (const auto& [name, value] : config.cluster.feature_gates)
    if (name == gate) return value;
  const auto* known = find_gate(release_of(config), gate);
  return known && known->on_by_default;
}

KeyAlgorithm key_algorithm(const InitConfiguration& config) {
  for (const auto& [name, value] : config.cluster.feature_gates)
    if (name == "PublicKeysECDSA") return value ? KeyAlgorithm::ECDSAP256 : KeyAlgorithm::RSA2048;
  return config.cluster.encryption_algorithm;
}

}  // namespace ks::config
