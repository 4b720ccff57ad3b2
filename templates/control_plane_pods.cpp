#include "templates/control_plane_pods.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"
#include "config/releases.hpp"
#include "templates/static_pod.hpp"

namespace ks::templates {

using config::Arg;
using nlohmann::json;

namespace {

std::string pki(const config::InitConfiguration& c, const std::string& file) {
  return c.cluster.certificates_dir + "/" + file;
}
// A certificate (".crt"), key (".key") or public key (".pub") file of a constants::k*BaseName.
std::string pki(const config::InitConfiguration& c, std::string_view base, std::string_view extension) {
  return c.cluster.certificates_dir + "/" + std::string(base) + std::string(extension);
}

std::string volume_name_for(const std::string& path) {
  std::string name = path.substr(1);
  std::ranges::replace(name, '/', '-');
  return name;
}

// k8s-certs, ca-certs and any optional CA directories present on the node.
std::vector<HostPathVolume> certificate_volumes(const config::InitConfiguration& c, const NodeFacts& facts) {
  std::vector<HostPathVolume> volumes = {
      {"k8s-certs", c.cluster.certificates_dir, c.cluster.certificates_dir, true, "DirectoryOrCreate"},
      {"ca-certs", "/etc/ssl/certs", "/etc/ssl/certs", true, "DirectoryOrCreate"},
  };
  for (const auto& directory : facts.ca_directories)
    volumes.push_back({volume_name_for(directory), directory, directory, true, "DirectoryOrCreate"});
  return volumes;
}

void add_extra_volumes(std::vector<HostPathVolume>& volumes, const config::ControlPlaneComponent& component) {
  for (const auto& v : component.extra_volumes) {
    std::erase_if(volumes, [&](const auto& existing) { return existing.name == v.name; });
    volumes.push_back({v.name, v.host_path, v.mount_path, v.read_only, v.path_type});
  }
}

// The parts every control-plane Pod shares: image, environment, command from defaults plus extra args,
// volumes plus extra volumes, a CPU request.
StaticPod component_pod(const config::InitConfiguration& c, const NodeFacts& facts,
                        const std::string& component, const config::ControlPlaneComponent& settings,
                        const std::vector<Arg>& flags, std::vector<HostPathVolume> volumes,
                        const std::string& cpu) {
  add_extra_volumes(volumes, settings);
  StaticPod pod;
  pod.component = component;
  pod.image = config::image(c, component);
  pod.env = merge_env(facts.proxy_env, settings.extra_envs);
  pod.command = {component};
  std::ranges::copy(build_flags(flags, settings.extra_args), std::back_inserter(pod.command));
  pod.volumes = std::move(volumes);
  pod.requests = {{"cpu", cpu}};
  pod.named_probe_port = config::release_of(c).named_probe_ports;
  return pod;
}

// The controller manager and the scheduler answer health checks on their bind address (kubeadm's
// Get{ControllerManager,Scheduler}ProbeAddress in util/staticpod/utils.go), on paths that depend on the
// component and the minor: the controller manager is probed on /healthz only, the scheduler's paths are in
// config::KubernetesRelease.
struct HealthPaths {
  std::string_view liveness;   // also the startup probe's
  std::string_view readiness;  // empty: no readiness probe
};
void add_local_health_probes(StaticPod& pod, const config::InitConfiguration& c,
                             const config::ControlPlaneComponent& settings, int port, HealthPaths paths) {
  auto bind = last_arg_value(settings.extra_args, "bind-address");
  auto host = bind ? probe_host_for_bind_address(*bind) : std::string("127.0.0.1");
  std::string live(paths.liveness);
  pod.liveness = {liveness_probe("HTTPS", host, port, live)};
  if (!paths.readiness.empty())
    pod.readiness = {readiness_probe("HTTPS", host, port, std::string(paths.readiness))};
  pod.startup = {startup_probe("HTTPS", host, port, live, c.timeouts.control_plane_component_health_check)};
}

}  // namespace

const std::vector<std::string>& optional_ca_directories() {
  static const std::vector<std::string> directories = {
      "/etc/ca-certificates", "/etc/pki/ca-trust", "/etc/pki/tls/certs", "/usr/local/share/ca-certificates",
      "/usr/share/ca-certificates"};
  return directories;
}

json kube_apiserver_pod(const config::InitConfiguration& c, const NodeFacts& facts) {
  const auto& api = c.cluster.api_server;
  auto advertise = config::advertise_address(c);
  auto port = std::to_string(c.local_api_endpoint.bind_port);
  std::vector<Arg> flags = {
      {"advertise-address", advertise.str()},
      {"allow-privileged", "true"},
      {"client-ca-file", pki(c, constants::kCACertAndKeyBaseName, ".crt")},
      {"enable-admission-plugins", "NodeRestriction"},
      {"enable-bootstrap-token-auth", "true"},
      {"kubelet-client-certificate", pki(c, constants::kAPIServerKubeletClientCertAndKeyBaseName, ".crt")},
      {"kubelet-client-key", pki(c, constants::kAPIServerKubeletClientCertAndKeyBaseName, ".key")},
      {"kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname"},
      {"proxy-client-cert-file", pki(c, constants::kFrontProxyClientCertAndKeyBaseName, ".crt")},
      {"proxy-client-key-file", pki(c, constants::kFrontProxyClientCertAndKeyBaseName, ".key")},
      {"requestheader-allowed-names", "front-proxy-client"},
      {"requestheader-client-ca-file", pki(c, constants::kFrontProxyCACertAndKeyBaseName, ".crt")},
      {"requestheader-extra-headers-prefix", "X-Remote-Extra-"},
      {"requestheader-group-headers", "X-Remote-Group"},
      {"requestheader-username-headers", "X-Remote-User"},
      {"secure-port", port},
      {"service-account-issuer", "https://kubernetes.default.svc." + c.cluster.networking.dns_domain},
      {"service-account-key-file", pki(c, constants::kServiceAccountKeyBaseName, ".pub")},
      {"service-account-signing-key-file", pki(c, constants::kServiceAccountKeyBaseName, ".key")},
      {"service-cluster-ip-range", c.cluster.networking.service_subnet},
      {"tls-cert-file", pki(c, constants::kAPIServerCertAndKeyBaseName, ".crt")},
      {"tls-private-key-file", pki(c, constants::kAPIServerCertAndKeyBaseName, ".key")},
  };
  if (std::ranges::none_of(api.extra_args, [](const Arg& a) { return a.name == "authorization-config"; }))
    flags.push_back({"authorization-mode", "Node,RBAC"});
  auto volumes = certificate_volumes(c, facts);
  if (c.cluster.etcd.external) {
    const auto& e = *c.cluster.etcd.external;
    flags.push_back({"etcd-servers", join(e.endpoints, ",")});
    int index = 0;
    for (const auto& [flag, file] : {std::pair{"etcd-cafile", e.ca_file},
                                     {"etcd-certfile", e.cert_file},
                                     {"etcd-keyfile", e.key_file}}) {
      if (file.empty()) continue;
      flags.push_back({flag, file});
      auto directory = file.substr(0, file.find_last_of('/'));
      if (directory.empty() || directory.starts_with(c.cluster.certificates_dir)) continue;
      if (std::ranges::none_of(volumes, [&](const auto& v) { return v.host_path == directory; }))
        volumes.push_back(
            {"etcd-certs-" + std::to_string(index++), directory, directory, true, "DirectoryOrCreate"});
    }
  } else {
    flags.push_back({"etcd-cafile", pki(c, constants::kEtcdCACertAndKeyBaseName, ".crt")});
    flags.push_back({"etcd-certfile", pki(c, constants::kAPIServerEtcdClientCertAndKeyBaseName, ".crt")});
    flags.push_back({"etcd-keyfile", pki(c, constants::kAPIServerEtcdClientCertAndKeyBaseName, ".key")});
    // The local etcd member, or the client URLs the user has it advertise (getAPIServerCommand in
    // kubeadm's phases/controlplane/manifests.go).
    auto advertised = last_arg_value(c.cluster.etcd.local->extra_args, "advertise-client-urls");
    flags.push_back(
        {"etcd-servers", advertised ? *advertised
                                    : std::string(advertise.v6 ? "https://[::1]:" : "https://127.0.0.1:") +
                                          std::to_string(constants::kEtcdClientPort)});
  }
  auto pod = component_pod(c, facts, "kube-apiserver", api, flags, volumes, "250m");
  pod.annotations = {
      {"kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", advertise.url_host() + ":" + port}};
  std::string probe_host = advertise.is_unspecified() ? "" : advertise.str();
  if (!probe_host.empty()) {
    int p = c.local_api_endpoint.bind_port;
    pod.liveness = {liveness_probe("HTTPS", probe_host, p, "/livez")};
    pod.readiness = {readiness_probe("HTTPS", probe_host, p, "/readyz")};
    pod.startup = {
        startup_probe("HTTPS", probe_host, p, "/livez", c.timeouts.control_plane_component_health_check)};
  }
  return render_static_pod(pod);
}

json kube_controller_manager_pod(const config::InitConfiguration& c, const NodeFacts& facts) {
  const auto& kcm = c.cluster.controller_manager;
  auto kubeconfig =
      std::string(constants::kKubernetesDir) + "/" + std::string(constants::kControllerManagerKubeconfig);
  bool external_ca = facts.external_ca;  // the controller manager cannot sign without the CA key
  std::vector<Arg> flags = {
      {"authentication-kubeconfig", kubeconfig},
      {"authorization-kubeconfig", kubeconfig},
      {"bind-address", "127.0.0.1"},
      {"client-ca-file", pki(c, constants::kCACertAndKeyBaseName, ".crt")},
      {"cluster-name", c.cluster.cluster_name},
      {"cluster-signing-cert-file", external_ca ? "" : pki(c, constants::kCACertAndKeyBaseName, ".crt")},
      {"cluster-signing-key-file", external_ca ? "" : pki(c, constants::kCACertAndKeyBaseName, ".key")},
      {"controllers", "*,bootstrapsigner,tokencleaner"},
      {"kubeconfig", kubeconfig},
      {"leader-elect", "true"},
      {"requestheader-client-ca-file", pki(c, constants::kFrontProxyCACertAndKeyBaseName, ".crt")},
      {"root-ca-file", pki(c, constants::kCACertAndKeyBaseName, ".crt")},
      {"service-account-private-key-file", pki(c, constants::kServiceAccountKeyBaseName, ".key")},
      {"use-service-account-credentials", "true"},
  };
  if (!c.cluster.networking.pod_subnet.empty()) {
    flags.push_back({"allocate-node-cidrs", "true"});
    flags.push_back({"cluster-cidr", c.cluster.networking.pod_subnet});
    flags.push_back({"service-cluster-ip-range", c.cluster.networking.service_subnet});
  }
  auto volumes = certificate_volumes(c, facts);
  volumes.push_back({"kubeconfig", kubeconfig, kubeconfig, true, "FileOrCreate"});
  auto flex = last_arg_value(kcm.extra_args, "flex-volume-plugin-dir")
                  .value_or(std::string(constants::kFlexVolumeDir));
  volumes.push_back({"flexvolume-dir", flex, flex, false, "DirectoryOrCreate"});
  auto pod = component_pod(c, facts, "kube-controller-manager", kcm, flags, volumes, "200m");
  add_local_health_probes(pod, c, kcm, constants::kControllerManagerPort, {"/healthz", ""});
  return render_static_pod(pod);
}

json kube_scheduler_pod(const config::InitConfiguration& c, const NodeFacts& facts) {
  const auto& scheduler = c.cluster.scheduler;
  auto kubeconfig =
      std::string(constants::kKubernetesDir) + "/" + std::string(constants::kSchedulerKubeconfig);
  std::vector<Arg> flags = {{"authentication-kubeconfig", kubeconfig},
                            {"authorization-kubeconfig", kubeconfig},
                            {"bind-address", "127.0.0.1"},
                            {"kubeconfig", kubeconfig},
                            {"leader-elect", "true"}};
  auto pod = component_pod(c, facts, "kube-scheduler", scheduler, flags,
                           {{"kubeconfig", kubeconfig, kubeconfig, true, "FileOrCreate"}}, "100m");
  const auto& release = config::release_of(c);
  add_local_health_probes(pod, c, scheduler, constants::kSchedulerPort,
                          {release.scheduler_liveness_path, release.scheduler_readiness_path});
  return render_static_pod(pod);
}

json etcd_pod(const config::InitConfiguration& c, const NodeFacts& /*facts: etcd takes none of them*/) {
  const auto& local = *c.cluster.etcd.local;
  auto advertise = config::advertise_address(c);
  auto host = advertise.url_host();
  auto loopback = advertise.v6 ? std::string("[::1]") : std::string("127.0.0.1");
  auto client_url = "https://" + host + ":" + std::to_string(constants::kEtcdClientPort);
  auto peer_url = "https://" + host + ":" + std::to_string(constants::kEtcdPeerPort);
  const auto& name = c.node_registration.name;
  std::vector<Arg> flags = {
      {"advertise-client-urls", client_url},
      {"cert-file", pki(c, constants::kEtcdServerCertAndKeyBaseName, ".crt")},
      {"client-cert-auth", "true"},
      {"data-dir", local.data_dir},
      {"initial-advertise-peer-urls", peer_url},
      {"initial-cluster", name + "=" + peer_url},
      {"key-file", pki(c, constants::kEtcdServerCertAndKeyBaseName, ".key")},
      {"listen-client-urls",
       "https://" + loopback + ":" + std::to_string(constants::kEtcdClientPort) + "," + client_url},
      {"listen-metrics-urls", "http://" + loopback + ":" + std::to_string(constants::kEtcdMetricsPort)},
      {"listen-peer-urls", peer_url},
      {"name", name},
      {"peer-cert-file", pki(c, constants::kEtcdPeerCertAndKeyBaseName, ".crt")},
      {"peer-client-cert-auth", "true"},
      {"peer-key-file", pki(c, constants::kEtcdPeerCertAndKeyBaseName, ".key")},
      {"peer-trusted-ca-file", pki(c, constants::kEtcdCACertAndKeyBaseName, ".crt")},
      {"snapshot-count", "10000"},
      {"trusted-ca-file", pki(c, constants::kEtcdCACertAndKeyBaseName, ".crt")},
  };
  StaticPod pod;
  pod.component = "etcd";
  pod.image = config::etcd_image(c);
  std::ranges::copy(config::etcd_generation_flags(pod.image.substr(pod.image.rfind(':') + 1)),
                    std::back_inserter(flags));
  pod.named_probe_port = config::release_of(c).named_probe_ports;
  // Only the user's extraEnvs: kubeadm hands the proxy variables to the other three components, not to etcd
  // (GetEtcdPodSpec in cmd/kubeadm/app/phases/etcd/local.go), which talks to nobody through a proxy.
  pod.env = merge_env({}, local.extra_envs);
  pod.command = {"etcd"};
  std::ranges::copy(build_flags(flags, local.extra_args), std::back_inserter(pod.command));
  pod.volumes = {{"etcd-data", local.data_dir, local.data_dir, false, "DirectoryOrCreate"},
                 {"etcd-certs", pki(c, "etcd"), pki(c, "etcd"), false, "DirectoryOrCreate"}};
  pod.requests = {{"cpu", "100m"}, {"memory", "100Mi"}};
  pod.annotations = {{"kubeadm.kubernetes.io/etcd.advertise-client-urls", client_url}};
  // Probed where the user has etcd serve metrics, if they moved it (GetEtcdProbeEndpoint).
  auto probe = etcd_probe_endpoint(local.extra_args, advertise.v6);
  pod.liveness = {liveness_probe(probe.scheme, probe.host, probe.port, "/livez")};
  pod.readiness = {readiness_probe(probe.scheme, probe.host, probe.port, "/readyz")};
  pod.startup = {startup_probe(probe.scheme, probe.host, probe.port, "/readyz",
                               c.timeouts.control_plane_component_health_check)};
  return render_static_pod(pod);
}

}  // namespace ks::templates
