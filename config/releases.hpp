// The Kubernetes minors kubestrap installs, and what each one's kubeadm renders differently: one row of
// data per minor, read by the templates, instead of version checks spread through them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"

namespace ks::config {

// A kubeadm feature gate as one minor's kubeadm knows it.
struct KubeadmFeatureGate {
  std::string_view name;
  std::string_view stage;  // ALPHA, BETA, GA or DEPRECATED, as `kubeadm init --help` lists it
  bool on_by_default = false;
};

struct KubernetesRelease {
  int minor = 0;
  // Image tags, as the newest patch release of this minor's kubeadm picks them (constants.go:
  // SupportedEtcdVersion[minor], CoreDNSVersion, PauseVersion).
  std::string_view etcd_version;
  std::string_view coredns_version;
  std::string_view pause_version;
  // kube-scheduler's probes (phases/controlplane/manifests.go): /healthz for all of them up to 1.31; from
  // 1.32 /livez for the liveness and startup probes and a readiness probe on /readyz.
  std::string_view scheduler_liveness_path;
  std::string_view scheduler_readiness_path;  // empty: no readiness probe
  // From 1.34 every probe of the four static Pods names its port: the container declares
  // {name: probe-port, containerPort: N, protocol: TCP} and the probes use "probe-port" (#132776); CoreDNS's
  // probes likewise use its ports liveness-probe (8080) and readiness-probe (8181) (#131587).
  bool named_probe_ports = false;
  // The feature gates this minor's kubeadm knows (cmd/kubeadm/app/features/features.go), with their
  // defaults; a user's featureGates entry wins. Any other gate name is refused, as kubeadm refuses it.
  std::span<const KubeadmFeatureGate> feature_gates;
};

// Every supported minor, oldest first.
std::span<const KubernetesRelease> supported_releases();

// "v1.31 to v1.34": what a refusal names.
std::string supported_range();

// The row of a version's minor; an InvalidInput error naming the supported range for any other minor.
Result<const KubernetesRelease*> release_for_version(const std::string& version);

// The gate as this release's kubeadm knows it; nullptr when it does not know the name.
const KubeadmFeatureGate* find_gate(const KubernetesRelease& release, std::string_view name);

// The row a defaulted, validated configuration renders with.
const KubernetesRelease& release_of(const InitConfiguration& config);

// etcd's flags whose names changed with etcd 3.6, for an etcd image tag (kubeadm's getEtcdCommand in
// phases/etcd/local.go chooses them by the etcd version it deploys, so a user's etcd.local.imageTag
// counts): `experimental-initial-corrupt-check` and `experimental-watch-progress-notify-interval` before
// 3.6, `feature-gates=InitialCorruptCheck=true` and `watch-progress-notify-interval` from 3.6 on.
std::vector<Arg> etcd_generation_flags(std::string_view etcd_tag);

}  // namespace ks::config
