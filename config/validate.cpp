#include "config/validate.hpp"

#include <nlohmann/json.hpp>
#include <regex>

#include "base/dns_name.hpp"
#include "base/duration.hpp"
#include "base/image_reference.hpp"
#include "base/ip.hpp"
#include "base/strings.hpp"
#include "base/utf8.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "config/encode.hpp"
#include "config/releases.hpp"
#include "config/text_rules.hpp"
#include "config/validate_parts.hpp"

namespace ks::config {

namespace {

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

// The InitConfiguration's own strings (the ClusterConfiguration's come from its encoding), for the checks
// that apply to every string alike.
nlohmann::json node_local_fields(const InitConfiguration& config) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& t : config.bootstrap_tokens)
    tokens.push_back(
        {{"description", t.description}, {"expires", t.expires}, {"usages", t.usages}, {"groups", t.groups}});
  return {{"nodeRegistration", node_registration_fields(config.node_registration)},
          {"localAPIEndpoint", {{"advertiseAddress", config.local_api_endpoint.advertise_address}}},
          {"bootstrapTokens", tokens},
          {"certificateKey", config.certificate_key},
          {"skipPhases", config.skip_phases}};
}

}  // namespace

Result<int> kubernetes_minor(const std::string& version) {
  static const std::regex pattern(R"(^v([0-9]+)\.([0-9]+)\.([0-9]+)([-+][0-9A-Za-z.+_-]*)?$)");
  std::smatch match;
  if (!std::regex_match(version, match, pattern) || match[1] != "1")
    return invalid("invalid Kubernetes version " + quote(version), "expected a version like v1.32.4");
  auto minor = parse_integer<int>(match[2].str());
  if (!minor)
    return invalid("invalid Kubernetes version " + quote(version), "the minor version is out of range");
  return *minor;
}

namespace {

// kubeadm keeps a user's value for the three settings it defaults in a KubeProxyConfiguration, and says
// so when it differs from what kubeadm would set (componentconfigs/kubeproxy.go).
void warn_about_kube_proxy_overrides(const InitConfiguration& config, std::vector<std::string>& warnings) {
  const auto& user = *config.kube_proxy_configuration;
  auto value = [&](const nlohmann::json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string()
               ? object[key].get<std::string>()
               : std::string();
  };
  auto check = [&](const std::string& field, const std::string& given, const std::string& kubeadm) {
    if (!given.empty() && !kubeadm.empty() && given != kubeadm)
      warnings.push_back("KubeProxyConfiguration: " + field + " is " + quote(given) + ", not kubeadm's " +
                         quote(kubeadm) + "; the given value is used");
  };
  // The advertise address has its own check; an invalid one gives no default to compare with.
  if (auto advertise = IpAddress::parse(config.local_api_endpoint.advertise_address))
    check("bindAddress", value(user, "bindAddress"), advertise->v6 ? "::" : "0.0.0.0");
  check("clusterCIDR", value(user, "clusterCIDR"), config.cluster.networking.pod_subnet);
  check("clientConnection.kubeconfig",
        value(user.is_object() && user.contains("clientConnection") ? user["clientConnection"]
                                                                    : nlohmann::json(),
              "kubeconfig"),
        std::string(constants::kKubeProxyKubeconfig));
}

}  // namespace

Status validate(const InitConfiguration& config, std::vector<std::string>& warnings) {
  Problems p;
  const auto& c = config.cluster;

  // Each supported minor is rendered from its own row of data (config/releases.cpp); others are refused.
  if (auto release = release_for_version(c.kubernetes_version); !release)
    p.add("kubernetesVersion (--kubernetes-version)", release.error().message());

  std::vector<Cidr> services, pods;
  check_cidrs(p, "networking.serviceSubnet (--service-cidr)", c.networking.service_subnet, true, services);
  if (!c.networking.pod_subnet.empty())
    check_cidrs(p, "networking.podSubnet (--pod-network-cidr)", c.networking.pod_subnet, false, pods);
  // kubeadm has no overlap rule: kube-controller-manager's node IPAM marks a service range that lies inside
  // the pod range as used and hands out node CIDRs around it
  // (pkg/controller/nodeipam/ipam/range_allocator.go, filterOutServiceRange) — the Kubernetes documentation's
  // dual-stack example does that. A pod range inside the service range would leave no node CIDR at all: such
  // a cluster cannot work, so it stays refused.
  for (const auto& pod : pods)
    for (const auto& service : services) {
      if (!pod.overlaps(service)) continue;
      if (service.prefix > pod.prefix)
        warnings.push_back("the service range " + service.str() + " lies inside the pod range " + pod.str() +
                           ": kube-controller-manager leaves it out of the node CIDRs it hands out, so Pods "
                           "never get those addresses");
      else
        p.add("networking.podSubnet (--pod-network-cidr)",
              pod.str() + " overlaps the service range " + service.str() +
                  " and lies inside it: no node CIDR would be left for Pods; pick a pod range outside it");
    }
  if (auto why = dns1123_subdomain_problem(c.networking.dns_domain); !why.empty())
    p.add("networking.dnsDomain (--service-dns-domain)",
          quote(c.networking.dns_domain) + " is not a valid DNS domain: " + why);

  // kubeadm's ValidateCertificateKey (apis/kubeadm/validation/validation.go): a 32-byte AES key in hex.
  if (auto problem = certificate_key_problem(config.certificate_key); !problem.empty())
    p.add("certificateKey", problem);

  const auto& endpoint = config.local_api_endpoint;
  if (auto address = IpAddress::parse(endpoint.advertise_address); !address)
    p.add("localAPIEndpoint.advertiseAddress (--apiserver-advertise-address)", address.error().message());
  if (endpoint.bind_port < 1 || endpoint.bind_port > 65535)
    p.add("localAPIEndpoint.bindPort (--apiserver-bind-port)",
          std::to_string(endpoint.bind_port) + " is not a port (1-65535)");

  if (!c.control_plane_endpoint.empty()) {
    auto parsed = HostPort::parse(c.control_plane_endpoint);
    if (!parsed)
      p.add("controlPlaneEndpoint (--control-plane-endpoint)", parsed.error().message());
    else if (!IpAddress::parse(parsed->host) && !is_dns1123_subdomain(parsed->host))
      p.add("controlPlaneEndpoint (--control-plane-endpoint)",
            quote(parsed->host) + " is neither an IP address nor a DNS name");
  }
  for (const auto& san : c.api_server.cert_sans)
    check_san(p, "apiServer.certSANs (--apiserver-cert-extra-sans)", san);

  check_node_registration(p, config.node_registration);

  for (const auto& [where, repository] :
       {std::pair{"imageRepository (--image-repository)", c.image_repository},
        {"etcd.local.imageRepository", c.etcd.local ? c.etcd.local->image_repository : ""},
        {"dns.imageRepository", c.dns.image_repository}})
    if (!repository.empty())
      if (auto why = image_repository_problem(repository); !why.empty())
        p.add(where, quote(repository) + " is not an image repository: " + why);
  for (const auto& [where, tag] :
       {std::pair{"etcd.local.imageTag", c.etcd.local ? c.etcd.local->image_tag : ""},
        {"dns.imageTag", c.dns.image_tag}})
    if (!tag.empty())
      if (auto why = image_tag_problem(tag); !why.empty())
        p.add(where, quote(tag) + " is not an image tag: " + why);

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

  check_feature_gates(p, c);

  if (c.certificate_validity_period <= std::chrono::nanoseconds{0})
    p.add("certificateValidityPeriod", "must be positive");
  if (c.ca_certificate_validity_period <= std::chrono::nanoseconds{0})
    p.add("caCertificateValidityPeriod", "must be positive");
  // Times are kept in 64-bit nanoseconds (up to the year 2262): a longer span would wrap when added to now.
  using namespace std::chrono_literals;
  constexpr auto kCentury = 876000h;
  check_at_most(p, "certificateValidityPeriod", c.certificate_validity_period, kCentury,
                "876000h (100 years)");
  check_at_most(p, "caCertificateValidityPeriod", c.ca_certificate_validity_period, kCentury,
                "876000h (100 years)");
  for (const auto& t : config.bootstrap_tokens) {
    if (t.ttl && t.ttl->count() < 0)
      p.add("bootstrapTokens.ttl (--token-ttl)", "must not be negative (0: never expires)");
    if (t.ttl)
      check_at_most(p, "bootstrapTokens.ttl (--token-ttl)", *t.ttl, kCentury,
                    "876000h (100 years); 0 never expires");
  }
  check_timeouts(p, config.timeouts);
  if (c.certificate_validity_period > c.ca_certificate_validity_period)
    warnings.push_back(
        "certificateValidityPeriod is longer than caCertificateValidityPeriod; leaf certificates "
        "cannot outlive their CA in practice");

  for (const auto& t : config.bootstrap_tokens) {
    if (auto problem = bootstrap_token_problem(t.token); !t.token.empty() && !problem.empty())
      p.add("bootstrapTokens.token", "the token " + problem.substr(3));
    if (auto problem = bootstrap_usages_problem(t.usages); !problem.empty())
      p.add("bootstrapTokens.usages", problem);
    if (auto problem = bootstrap_groups_problem(t.groups, t.usages); !problem.empty())
      p.add("bootstrapTokens.groups", problem);
  }

  std::vector<UnprintableText> unprintable;
  find_unprintable_text(encode_cluster_configuration(c), "ClusterConfiguration", unprintable);
  find_unprintable_text(node_local_fields(config), "InitConfiguration", unprintable);
  find_unprintable_text(*config.kubelet_configuration, "KubeletConfiguration", unprintable);
  find_unprintable_text(*config.kube_proxy_configuration, "KubeProxyConfiguration", unprintable);
  warn_about_kube_proxy_overrides(config, warnings);
  warn_about_feature_gates(c, warnings);
  p.add_unprintable(unprintable);
  return p.result();
}

}  // namespace ks::config
