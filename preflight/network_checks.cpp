#include <algorithm>

#include "base/ip.hpp"
#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "preflight/checks.hpp"
#include "preflight/proc_parsers.hpp"
#include "preflight/remedies.hpp"

namespace ks::preflight {

namespace {

Finding check_port_free(const Context& c, int port, const std::string& owner) {
  auto ports = listening_ports(c.host.system.read("/proc/net/tcp").value_or(""));
  ports.merge(listening_ports(c.host.system.read("/proc/net/tcp6").value_or("")));
  if (!ports.contains(port)) return Finding::ok();
  return Finding::error("port " + std::to_string(port) + " (" + owner + ") is in use",
                        "stop what listens on it (ss -ltnp 'sport = :" + std::to_string(port) +
                            "' shows it); if it is a previous control plane, run 'kubestrap reset'");
}

Check port_check(int port, std::string owner) {
  return {"Port-" + std::to_string(port),
          [port, owner](const Context& c) { return check_port_free(c, port, owner); }};
}

Finding check_sysctl_on(const Context& c, const std::string& path, const std::string& what) {
  auto sysctl = path.substr(std::string("/proc/sys/").size());
  std::ranges::replace(sysctl, '/', '.');
  auto fix =
      "sysctl -w " + sysctl + "=1 and persist it in /etc/sysctl.d/99-kubernetes.conf (--fix does both)";
  auto content = c.host.system.read(path);
  if (!content) return Finding::error(path + " does not exist: " + what, fix);
  if (content->empty() || content->front() != '1')
    return Finding::error(path + " contents are not set to 1: " + what, fix);
  return Finding::ok();
}

Check sysctl_check(const std::string& path, const std::string& what, std::shared_ptr<const Remedy> remedy) {
  return {"FileContent-" + path_label(path),
          [path, what](const Context& c) { return check_sysctl_on(c, path, what); }, std::move(remedy)};
}

// Whether NO_PROXY covers the address (exact entry, or a CIDR containing it).
bool no_proxy_covers(const std::string& no_proxy, const IpAddress& address) {
  for (const auto& entry : split(no_proxy, ',')) {
    auto item = std::string(trim(entry));
    if (item == address.str()) return true;
    if (auto cidr = Cidr::parse(item); cidr && cidr->contains(address)) return true;
  }
  return false;
}

std::string proxy_setting(const host::Environment& env, const std::string& upper) {
  auto value = env.get(upper);
  if (!value || value->empty()) value = env.get(to_lower(upper));
  return value.value_or("");
}

// The API server's address must not be reached through an HTTPS proxy.
Finding check_https_proxy(const Context& c) {
  auto proxy = proxy_setting(c.host.environment, "HTTPS_PROXY");
  if (proxy.empty()) return Finding::ok();
  auto address = config::advertise_address(c.config);
  if (no_proxy_covers(proxy_setting(c.host.environment, "NO_PROXY"), address)) return Finding::ok();
  return Finding::warning("connections to " + address.str() + " would go through the proxy " + proxy,
                          "add " + address.str() + " to NO_PROXY");
}

// Nor the Service and Pod ranges.
Finding check_https_proxy_cidrs(const Context& c) {
  auto proxy = proxy_setting(c.host.environment, "HTTPS_PROXY");
  if (proxy.empty()) return Finding::ok();
  auto no_proxy = proxy_setting(c.host.environment, "NO_PROXY");
  std::vector<std::string> uncovered;
  auto ranges = config::service_subnets(c.config);
  if (auto pods = parse_cidr_list(c.config.cluster.networking.pod_subnet))
    ranges.insert(ranges.end(), pods->begin(), pods->end());
  for (const auto& cidr : ranges)
    if (!no_proxy_covers(no_proxy, cidr.nth(1).value_or(cidr.network))) uncovered.push_back(cidr.str());
  if (uncovered.empty()) return Finding::ok();
  return Finding::warning("connections to " + join(uncovered, ", ") + " would go through the proxy " + proxy,
                          "add " + join(uncovered, ",") + " to NO_PROXY");
}

}  // namespace

std::vector<Check> network_checks(const config::InitConfiguration& config, Role role) {
  using namespace constants;
  bool control_plane = role != Role::JoinWorker;
  std::vector<Check> checks;
  if (control_plane) {
    checks.push_back(port_check(config.local_api_endpoint.bind_port, "kube-apiserver"));
    checks.push_back(port_check(kSchedulerPort, "kube-scheduler"));
    checks.push_back(port_check(kControllerManagerPort, "kube-controller-manager"));
  }
  checks.push_back(port_check(kKubeletPort, "kubelet"));
  if (control_plane && config.cluster.etcd.local) {
    checks.push_back(port_check(kEtcdClientPort, "etcd clients"));
    checks.push_back(port_check(kEtcdPeerPort, "etcd peers"));
  }
  bool v4 = false, v6 = false;
  for (const auto& cidr : config::service_subnets(config)) (cidr.network.v6 ? v6 : v4) = true;
  if (v4)
    checks.push_back(sysctl_check("/proc/sys/net/ipv4/ip_forward", "Pods cannot reach other machines",
                                  enable_sysctl("net.ipv4.ip_forward", "letting Pods reach other machines")));
  if (v6)
    checks.push_back(sysctl_check(
        "/proc/sys/net/ipv6/conf/default/forwarding", "IPv6 Pods cannot reach other machines",
        enable_sysctl("net.ipv6.conf.default.forwarding", "letting IPv6 Pods reach other machines")));
  if (v4)
    checks.push_back(
        sysctl_check("/proc/sys/net/bridge/bridge-nf-call-iptables",
                     "bridged Pod traffic bypasses iptables, so Services do not work (load br_netfilter)",
                     pass_bridged_traffic_through_iptables()));
  if (!control_plane) return checks;  // the proxy checks concern a control plane's own addresses
  checks.push_back({"HTTPProxy", check_https_proxy});
  checks.push_back({"HTTPProxyCIDR", check_https_proxy_cidrs});
  return checks;
}

}  // namespace ks::preflight
