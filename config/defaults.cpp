#include "config/defaults.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "base/strings.hpp"
#include "config/constants.hpp"

namespace ks::config {

namespace {

void default_duration(std::chrono::nanoseconds& field, std::chrono::nanoseconds value) {
  if (field == std::chrono::nanoseconds{0}) field = value;
}

void default_string(std::string& field, std::string_view value) {
  if (field.empty()) field = value;
}

bool is_global_unicast(const IpAddress& a) {
  if (a.is_unspecified() || a.is_loopback()) return false;
  if (!a.v6) return !(a.bytes[0] == 169 && a.bytes[1] == 254) && a.bytes[0] < 224;
  return !(a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80) &&
         a.bytes[0] != 0xff;  // not link-local/multicast
}

}  // namespace

void apply_static_defaults(InitConfiguration& config, std::vector<std::string>& warnings) {
  using namespace constants;
  auto& c = config.cluster;
  auto& version = c.kubernetes_version;
  if (version.empty()) {
    version = kDefaultKubernetesVersion;
  } else if (std::regex_match(version, std::regex(R"(^(stable|latest)(-[0-9]+(\.[0-9]+)?)?$)"))) {
    warnings.push_back("kubernetesVersion " + quote(version) +
                       " is a release label; kubestrap does not look versions up "
                       "online and uses its built-in " +
                       std::string(kDefaultKubernetesVersion));
    version = kDefaultKubernetesVersion;
  } else if (!version.empty() && std::isdigit(static_cast<unsigned char>(version.front()))) {
    version = "v" + version;
  }
  default_string(c.networking.service_subnet, kDefaultServiceSubnet);
  default_string(c.networking.dns_domain, kDefaultDNSDomain);
  if (!c.etcd.external) {
    if (!c.etcd.local) c.etcd.local.emplace();
    default_string(c.etcd.local->data_dir, kDefaultEtcdDataDir);
  }
  default_string(c.certificates_dir, kDefaultCertificatesDir);
  default_string(c.image_repository, kDefaultImageRepository);
  default_string(c.cluster_name, kDefaultClusterName);
  default_duration(c.certificate_validity_period, kCertificateValidity);
  default_duration(c.ca_certificate_validity_period, kCACertificateValidity);
  if (config.local_api_endpoint.bind_port == 0) config.local_api_endpoint.bind_port = kAPIServerPort;
  default_string(config.node_registration.image_pull_policy, "IfNotPresent");
  auto& t = config.timeouts;
  default_duration(t.control_plane_component_health_check, kControlPlaneHealthTimeout);
  default_duration(t.kubelet_health_check, kKubeletHealthTimeout);
  default_duration(t.kubernetes_api_call, kAPICallTimeout);
  default_duration(t.etcd_api_call, kEtcdAPICallTimeout);
  default_duration(t.tls_bootstrap, kTLSBootstrapTimeout);
  default_duration(t.discovery, kDiscoveryTimeout);
  default_duration(t.upgrade_manifests, kUpgradeManifestsTimeout);
  auto& socket = config.node_registration.cri_socket;
  if (socket.starts_with("/")) socket = "unix://" + socket;
}

Result<IpAddress> choose_advertise_address(const host::Network& network) {
  auto routes = KS_TRY(network.default_routes());
  auto addresses = KS_TRY(network.addresses());
  std::ranges::stable_sort(routes, [](const auto& a, const auto& b) {
    return std::pair(a.v6, a.metric) < std::pair(b.v6, b.metric);
  });
  for (const auto& route : routes)
    for (const auto& candidate : addresses)
      if (candidate.interface == route.interface && candidate.address.v6 == route.v6 &&
          is_global_unicast(candidate.address))
        return candidate.address;
  return invalid("could not choose an advertise address",
                 routes.empty() ? "this machine has no default route"
                                : "the default-route interface has no usable address",
                 "pass --apiserver-advertise-address with the IP other machines reach this node on");
}

Status apply_host_defaults(InitConfiguration& config, const host::Host& host,
                           std::vector<std::string>& warnings) {
  auto& node = config.node_registration;
  if (node.name.empty()) {
    auto hostname = host.system.read(constants::kHostnameFile);
    if (!hostname)
      return invalid("could not read this machine's hostname", hostname.error().message(),
                     "pass --node-name");
    node.name = to_lower(trim(*hostname));
  }
  auto& endpoint = config.local_api_endpoint;
  auto given = IpAddress::parse(endpoint.advertise_address);
  if (endpoint.advertise_address.empty() || (given && given->is_unspecified())) {
    auto chosen = KS_TRY(choose_advertise_address(host.network));
    endpoint.advertise_address = chosen.str();
  }
  if (node.cri_socket.empty()) {
    std::vector<std::string> found;
    for (auto socket : {constants::kContainerdSocket, constants::kCrioSocket}) {
      auto path = socket.substr(std::string_view("unix://").size());
      // /var/run is a link to /run on current distributions; look at both.
      auto run_path = std::string("/run") + std::string(path.substr(std::string_view("/var/run").size()));
      if (host.files.exists(path) || host.files.exists(run_path)) found.emplace_back(socket);
    }
    if (found.size() > 1)
      return invalid("found more than one container runtime socket: " + join(found, ", "),
                     "kubestrap cannot tell which runtime the kubelet should use",
                     "pass --cri-socket with one of them");
    if (found.empty())
      warnings.push_back("no container runtime socket found; assuming containerd at " +
                         std::string(constants::kContainerdSocket));
    node.cri_socket = found.empty() ? std::string(constants::kContainerdSocket) : found.front();
  }
  return {};
}

}  // namespace ks::config
