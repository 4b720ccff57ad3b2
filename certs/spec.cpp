#include "certs/spec.hpp"

#include <algorithm>
#include <stdexcept>

#include "base/dns_name.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"

namespace ks::certs {

namespace {

void add_ip(std::vector<IpAddress>& ips, const IpAddress& ip) {
  if (std::ranges::find(ips, ip) == ips.end()) ips.push_back(ip);
}

void add_dns(std::vector<std::string>& names, const std::string& name) {
  if (std::ranges::find(names, name) == names.end()) names.push_back(name);
}

// Free-form SANs from the configuration: IPs to IPs, names to names.
void add_sans(CertSpec& spec, const std::vector<std::string>& sans) {
  for (const auto& san : sans) {
    if (auto ip = IpAddress::parse(san))
      add_ip(spec.ips, *ip);
    else if (is_dns1123_subdomain(san) || is_wildcard_dns1123_subdomain(san))
      add_dns(spec.dns_names, san);
  }
}

CertSpec api_server_spec(const config::InitConfiguration& config) {
  CertSpec spec{"apiserver",
                std::string(constants::kAPIServerCertAndKeyBaseName),
                "ca",
                "the certificate for serving the Kubernetes API",
                "kube-apiserver",
                {},
                Usage::Server};
  const auto& domain = config.cluster.networking.dns_domain;
  spec.dns_names = {config.node_registration.name, "kubernetes", "kubernetes.default",
                    "kubernetes.default.svc", "kubernetes.default.svc." + domain};
  add_ip(spec.ips, config::kubernetes_service_ip(config));
  add_ip(spec.ips, config::advertise_address(config));
  if (auto host = config::control_plane_endpoint_host(config); !host.empty()) add_sans(spec, {host});
  add_sans(spec, config.cluster.api_server.cert_sans);
  std::ranges::sort(spec.dns_names);
  spec.dns_names.erase(std::unique(spec.dns_names.begin(), spec.dns_names.end()), spec.dns_names.end());
  return spec;
}

CertSpec etcd_member_spec(const config::InitConfiguration& config, bool peer) {
  CertSpec spec{
      peer ? "etcd-peer" : "etcd-server",
      std::string(peer ? constants::kEtcdPeerCertAndKeyBaseName : constants::kEtcdServerCertAndKeyBaseName),
      "etcd-ca",
      peer ? "the certificate for etcd nodes to talk to each other" : "the certificate for serving etcd",
      config.node_registration.name,
      {},
      Usage::ServerAndClient};
  spec.etcd = true;
  spec.dns_names = {config.node_registration.name, "localhost"};
  add_ip(spec.ips, config::advertise_address(config));
  add_ip(spec.ips, IpAddress::parse("127.0.0.1").value());
  add_ip(spec.ips, IpAddress::parse("::1").value());
  if (config.cluster.etcd.local)
    add_sans(spec,
             peer ? config.cluster.etcd.local->peer_cert_sans : config.cluster.etcd.local->server_cert_sans);
  return spec;
}

}  // namespace

std::vector<CertSpec> certificate_specs(const config::InitConfiguration& config) {
  std::vector<CertSpec> specs;
  specs.push_back({"ca",
                   std::string(constants::kCACertAndKeyBaseName),
                   "",
                   "the self-signed Kubernetes CA that identifies the other components",
                   "kubernetes",
                   {},
                   Usage::CA,
                   {"kubernetes"}});
  specs.push_back(api_server_spec(config));
  specs.push_back({"apiserver-kubelet-client",
                   std::string(constants::kAPIServerKubeletClientCertAndKeyBaseName),
                   "ca",
                   "the certificate the API server uses to reach the kubelet",
                   "kube-apiserver-kubelet-client",
                   {std::string(constants::kClusterAdminsGroup)},
                   Usage::Client});
  specs.push_back({"front-proxy-ca",
                   std::string(constants::kFrontProxyCACertAndKeyBaseName),
                   "",
                   "the self-signed CA that identifies the front proxy",
                   "front-proxy-ca",
                   {},
                   Usage::CA,
                   {"front-proxy-ca"}});
  specs.push_back({"front-proxy-client",
                   std::string(constants::kFrontProxyClientCertAndKeyBaseName),
                   "front-proxy-ca",
                   "the certificate of the front proxy client",
                   "front-proxy-client",
                   {},
                   Usage::Client});
  CertSpec etcd_ca{"etcd-ca", std::string(constants::kEtcdCACertAndKeyBaseName),
                   "",        "the self-signed CA that identifies etcd",
                   "etcd-ca", {},
                   Usage::CA, {"etcd-ca"}};
  etcd_ca.etcd = true;
  specs.push_back(etcd_ca);
  specs.push_back(etcd_member_spec(config, false));
  specs.push_back(etcd_member_spec(config, true));
  CertSpec healthcheck{"etcd-healthcheck-client",
                       std::string(constants::kEtcdHealthcheckClientCertAndKeyBaseName),
                       "etcd-ca",
                       "the certificate that liveness probes use to check etcd",
                       "kube-etcd-healthcheck-client",
                       {},
                       Usage::Client};
  healthcheck.etcd = true;
  specs.push_back(healthcheck);
  CertSpec etcd_client{"apiserver-etcd-client",
                       std::string(constants::kAPIServerEtcdClientCertAndKeyBaseName),
                       "etcd-ca",
                       "the certificate the API server uses to reach etcd",
                       "kube-apiserver-etcd-client",
                       {},
                       Usage::Client};
  etcd_client.etcd = true;
  specs.push_back(etcd_client);
  return specs;
}

const CertSpec& find_spec(const std::vector<CertSpec>& specs, const std::string& name) {
  auto it = std::ranges::find(specs, name, &CertSpec::name);
  if (it == specs.end()) throw std::logic_error("no certificate spec " + name);
  return *it;
}

}  // namespace ks::certs
