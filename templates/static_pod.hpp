#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/types.hpp"

namespace ks::templates {

struct HostPathVolume {
  std::string name;
  std::string host_path;
  std::string mount_path;
  bool read_only = false;
  std::string type;  // DirectoryOrCreate, FileOrCreate, ...
};

struct Probe {
  std::string scheme;  // HTTP or HTTPS
  std::string host;    // empty: the kubelet probes the Pod IP (kubeadm leaves httpGet.host out)
  int port = 0;
  std::string path;
  int initial_delay = 0, timeout = 0, failure_threshold = 0, period = 0;
};

struct StaticPod {
  std::string component;
  std::string image;
  std::vector<std::string> command;
  std::vector<HostPathVolume> volumes;
  nlohmann::json requests = nlohmann::json::object();
  nlohmann::json annotations = nlohmann::json::object();
  std::vector<config::EnvVar> env;
  std::vector<Probe> liveness, readiness, startup;  // zero or one each
  // kubeadm 1.34+: the container declares the probed port as "probe-port" and the probes name it
  // (config::KubernetesRelease::named_probe_ports).
  bool named_probe_port = false;
};

inline constexpr std::string_view kProbePortName = "probe-port";

// kubeadm's static Pod shape: kube-system, labels component/tier, host network, system-node-critical,
// RuntimeDefault seccomp, volumes and mounts sorted by name, and always imagePullPolicy IfNotPresent:
// nodeRegistration.imagePullPolicy only steers preflight's image pull (ImagePullCheck), so a control-plane
// restart never needs the registry (kubeadm 1.32 phases/controlplane/manifests.go, phases/etcd/local.go).
nlohmann::json render_static_pod(const StaticPod& pod);

// "--name=value" flags from defaults overridden by extra args (an extra name replaces every default of
// that name), sorted by name then value.
std::vector<std::string> build_flags(std::vector<config::Arg> defaults,
                                     const std::vector<config::Arg>& extra);

// The value of the last extra arg of that name, as kubeadm's GetArgValue finds it (it searches backwards).
std::optional<std::string> last_arg_value(const std::vector<config::Arg>& args, const std::string& name);

// kubeadm's probe timings (util/staticpod/utils.go), as delay/timeout/failures/period: liveness
// 10/15/8/10 and readiness 0/15/3/1, fixed; startup 10/15/N/10 where N = ceil(health-check timeout / 10 s),
// so that the kubelet gives a starting component the whole timeouts.controlPlaneComponentHealthCheck
// (4m by default: 24).
Probe liveness_probe(std::string scheme, std::string host, int port, std::string path);
Probe readiness_probe(std::string scheme, std::string host, int port, std::string path);
Probe startup_probe(std::string scheme, std::string host, int port, std::string path,
                    std::chrono::nanoseconds health_check_timeout);

// Where the controller manager and the scheduler are probed for a bind address (kubeadm's
// getProbeAddress): the address itself, except that 0.0.0.0 and :: give "" (the Pod IP).
std::string probe_host_for_bind_address(const std::string& bind_address);

// Where etcd is probed (kubeadm's GetEtcdProbeEndpoint): scheme, host and port of the first URL of the
// last listen-metrics-urls extra arg; what that URL leaves out (or all of it, when it does not parse) is
// http://127.0.0.1:2381 (::1 when the node advertises an IPv6 address).
struct ProbeEndpoint {
  std::string scheme;  // HTTP or HTTPS
  std::string host;
  int port = 0;
};
ProbeEndpoint etcd_probe_endpoint(const std::vector<config::Arg>& etcd_extra_args, bool ipv6);

// Proxy variables merged with extra envs (extra wins), sorted by name.
std::vector<config::EnvVar> merge_env(const std::vector<config::EnvVar>& proxy,
                                      const std::vector<config::EnvVar>& extra);

}  // namespace ks::templates
