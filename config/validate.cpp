#include "config/validate.hpp"

#include <regex>

#include "base/dns_name.hpp"
#include "base/ip.hpp"
#include "base/strings.hpp"
#include "config/constants.hpp"

namespace ks::config {

namespace {

struct Problems {
  std::vector<std::string> items;
  void add(const std::string& where, const std::string& what) { items.push_back(where + ": " + what); }
};

bool is_absolute(const std::string& path) {
  return path.starts_with('/');
}

void check_cidrs(Problems& p, const std::string& where, const std::string& text, bool service,
                 std::vector<Cidr>& out) {
  auto cidrs = parse_cidr_list(text);
  if (!cidrs)
    return p.add(where,
                 cidrs.error().message() + (cidrs.error().fix.empty() ? "" : "; " + cidrs.error().fix));
  if (cidrs->size() > 2 || (cidrs->size() == 2 && (*cidrs)[0].network.v6 == (*cidrs)[1].network.v6))
    return p.add(where, "expected one CIDR, or two of different IP families for dual-stack");
  if (service) {
    for (const auto& cidr : *cidrs) {
      int host_bits = cidr.bits() - cidr.prefix;
      if (host_bits > 20)
        p.add(where, cidr.str() + " is too large; the largest service range is /" +
                         std::to_string(cidr.bits() - 20) + (cidr.network.v6 ? " for IPv6" : " for IPv4"));
      if (host_bits < 4) p.add(where, cidr.str() + " is too small; it must hold at least 16 addresses");
    }
  }
  out = *cidrs;
}

void check_args(Problems& p, const std::string& where, const std::vector<Arg>& args) {
  for (const auto& arg : args)
    if (arg.name.empty() || arg.name.starts_with('-'))
      p.add(where, "argument name " + quote(arg.name) + " must be given without leading dashes");
}

void check_component(Problems& p, const std::string& where, const ControlPlaneComponent& component) {
  check_args(p, where + ".extraArgs", component.extra_args);
  for (const auto& v : component.extra_volumes) {
    if (!is_dns1123_subdomain(v.name))
      p.add(where + ".extraVolumes", "volume name " + quote(v.name) + " is not a valid name");
    if (!is_absolute(v.host_path))
      p.add(where + ".extraVolumes." + v.name, "hostPath must be an absolute path");
    if (!is_absolute(v.mount_path))
      p.add(where + ".extraVolumes." + v.name, "mountPath must be an absolute path");
  }
}

void check_san(Problems& p, const std::string& where, const std::string& san) {
  if (IpAddress::parse(san) || is_dns1123_subdomain(san) || is_wildcard_dns1123_subdomain(san)) return;
  p.add(where, quote(san) + " is not a valid IP address, DNS name or wildcard DNS name");
}

}  // namespace

Result<int> kubernetes_minor(const std::string& version) {
  static const std::regex pattern(R"(^v([0-9]+)\.([0-9]+)\.([0-9]+)([-+][0-9A-Za-z.+_-]*)?$)");
  std::smatch match;
  if (!std::regex_match(version, match, pattern) || match[1] != "1")
    return invalid("invalid Kubernetes version " + quote(version), "expected a version like v1.32.4");
  return std::stoi(match[2]);
}

Status validate(const InitConfiguration& config, std::vector<std::string>& warnings) {
  Problems p;
  const auto& c = config.cluster;

  if (auto minor = kubernetes_minor(c.kubernetes_version); !minor) {
    p.add("kubernetesVersion (--kubernetes-version)", minor.error().message() + "; " + minor.error().why);
  } else if (*minor < constants::kMinimumControlPlaneMinor) {
    p.add("kubernetesVersion (--kubernetes-version)",
          c.kubernetes_version + " is too old; this kubestrap installs v1." +
              std::to_string(constants::kMinimumControlPlaneMinor) + ".0 or newer");
  } else if (*minor > constants::kKubernetesMinor) {
    warnings.push_back("Kubernetes " + c.kubernetes_version + " is newer than this kubestrap (v1." +
                       std::to_string(constants::kKubernetesMinor) + "); its defaults may not fit");
  }

  std::vector<Cidr> services, pods;
  check_cidrs(p, "networking.serviceSubnet (--service-cidr)", c.networking.service_subnet, true, services);
  if (!c.networking.pod_subnet.empty())
    check_cidrs(p, "networking.podSubnet (--pod-network-cidr)", c.networking.pod_subnet, false, pods);
  for (const auto& pod : pods)
    for (const auto& service : services)
      if (pod.overlaps(service))
        p.add("networking.podSubnet (--pod-network-cidr)", pod.str() + " overlaps the service range " +
                                                               service.str() +
                                                               "; pick ranges that do not share addresses");
  if (auto why = dns1123_subdomain_problem(c.networking.dns_domain); !why.empty())
    p.add("networking.dnsDomain (--service-dns-domain)",
          quote(c.networking.dns_domain) + " is not a valid DNS domain: " + why);

  const auto& endpoint = config.local_api_endpoint;
  if (auto address = IpAddress::parse(endpoint.advertise_address); !address)
    p.add("localAPIEndpoint.advertiseAddress (--apiserver-advertise-address)",
          address.error().message() + "; " + address.error().why);
  if (endpoint.bind_port < 1 || endpoint.bind_port > 65535)
    p.add("localAPIEndpoint.bindPort (--apiserver-bind-port)",
          std::to_string(endpoint.bind_port) + " is not a port (1-65535)");

  if (!c.control_plane_endpoint.empty()) {
    auto parsed = HostPort::parse(c.control_plane_endpoint);
    if (!parsed)
      p.add("controlPlaneEndpoint (--control-plane-endpoint)",
            parsed.error().message() + ": " + parsed.error().why);
    else if (!IpAddress::parse(parsed->host) && !is_dns1123_subdomain(parsed->host))
      p.add("controlPlaneEndpoint (--control-plane-endpoint)",
            quote(parsed->host) + " is neither an IP address nor a DNS name");
  }
  for (const auto& san : c.api_server.cert_sans)
    check_san(p, "apiServer.certSANs (--apiserver-cert-extra-sans)", san);

  if (auto why = dns1123_subdomain_problem(config.node_registration.name); !why.empty())
    p.add("nodeRegistration.name (--node-name)",
          quote(config.node_registration.name) + " is not a valid node name: " + why);
  const auto& socket = config.node_registration.cri_socket;
  if (!socket.starts_with("unix:///") && !socket.starts_with("npipe://"))
    p.add("nodeRegistration.criSocket (--cri-socket)",
          quote(socket) + " is not a socket URL like unix:///run/containerd/containerd.sock");
  static const std::vector<std::string> policies = {"Always", "IfNotPresent", "Never"};
  if (std::ranges::find(policies, config.node_registration.image_pull_policy) == policies.end())
    p.add("nodeRegistration.imagePullPolicy", "expected Always, IfNotPresent or Never");
  if (config.node_registration.taints)
    for (const auto& taint : *config.node_registration.taints)
      if (taint.key.empty() ||
          (taint.effect != "NoSchedule" && taint.effect != "PreferNoSchedule" && taint.effect != "NoExecute"))
        p.add("nodeRegistration.taints",
              "each taint needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute");
  check_args(p, "nodeRegistration.kubeletExtraArgs", config.node_registration.kubelet_extra_args);

  if (!is_absolute(c.certificates_dir))
    p.add("certificatesDir (--cert-dir)", quote(c.certificates_dir) + " must be an absolute path");
  if (c.etcd.local) {
    if (!is_absolute(c.etcd.local->data_dir)) p.add("etcd.local.dataDir", "must be an absolute path");
    check_args(p, "etcd.local.extraArgs", c.etcd.local->extra_args);
    for (const auto& san : c.etcd.local->server_cert_sans) check_san(p, "etcd.local.serverCertSANs", san);
    for (const auto& san : c.etcd.local->peer_cert_sans) check_san(p, "etcd.local.peerCertSANs", san);
  }
  if (c.etcd.external) {
    const auto& e = *c.etcd.external;
    if (e.endpoints.empty()) p.add("etcd.external.endpoints", "at least one endpoint is required");
    for (const auto& url : e.endpoints)
      if (!url.starts_with("https://") && !url.starts_with("http://"))
        p.add("etcd.external.endpoints", quote(url) + " is not a URL like https://10.0.0.5:2379");
    bool any_tls = !e.ca_file.empty() || !e.cert_file.empty() || !e.key_file.empty();
    if (any_tls && (e.ca_file.empty() || e.cert_file.empty() || e.key_file.empty()))
      p.add("etcd.external", "caFile, certFile and keyFile go together");
    for (const auto& file : {e.ca_file, e.cert_file, e.key_file})
      if (!file.empty() && !is_absolute(file))
        p.add("etcd.external", quote(file) + " must be an absolute path");
  }
  check_component(p, "apiServer", c.api_server);
  check_component(p, "controllerManager", c.controller_manager);
  check_component(p, "scheduler", c.scheduler);

  static const std::vector<std::string> gates = {"ControlPlaneKubeletLocalMode", "EtcdLearnerMode",
                                                 "PublicKeysECDSA", "RootlessControlPlane",
                                                 "WaitForAllControlPlaneComponents"};
  for (const auto& [gate, value] : c.feature_gates)
    if (std::ranges::find(gates, gate) == gates.end())
      p.add("featureGates (--feature-gates)",
            "unknown feature gate " + quote(gate) + "; known gates: " + join(gates, ", "));
    else if (gate == "RootlessControlPlane" && value)
      p.add("featureGates (--feature-gates)", "RootlessControlPlane is not supported by kubestrap");

  if (c.certificate_validity_period <= std::chrono::nanoseconds{0})
    p.add("certificateValidityPeriod", "must be positive");
  if (c.ca_certificate_validity_period <= std::chrono::nanoseconds{0})
    p.add("caCertificateValidityPeriod", "must be positive");
  if (c.certificate_validity_period > c.ca_certificate_validity_period)
    warnings.push_back(
        "certificateValidityPeriod is longer than caCertificateValidityPeriod; leaf certificates "
        "cannot outlive their CA in practice");

  static const std::regex token(R"(^[a-z0-9]{6}\.[a-z0-9]{16}$)");
  for (const auto& t : config.bootstrap_tokens)
    if (!t.token.empty() && !std::regex_match(t.token, token))
      p.add("bootstrapTokens.token",
            "the token must look like abcdef.0123456789abcdef ([a-z0-9]{6}.[a-z0-9]{16})");

  if (p.items.empty()) return {};
  std::string why;
  for (const auto& item : p.items) why += "\n  - " + item;
  return invalid("invalid configuration", why,
                 "correct the flags or config fields named above; nothing was changed");
}

}  // namespace ks::config
