#include "config/releases.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <utility>

#include "base/strings.hpp"
#include "config/validate.hpp"

namespace ks::config {

namespace {

// Sources, per minor: cmd/kubeadm/app/constants/constants.go of the release branch (etcd from
// SupportedEtcdVersion of the newest patches, which moved every 3.5 minor to 3.5.24-0 and 1.34 to 3.6.5-0;
// CoreDNS and pause unchanged within a minor) and cmd/kubeadm/app/phases/controlplane/manifests.go
// (scheduler probes: kubernetes/kubernetes#126945 in 1.32; named probe ports: #132776 in 1.34).
//
// Feature gates per minor (features.go of each release, and `kubeadm init --help`):
// UpgradeAddonsBeforeControlPlane was removed in 1.31; EtcdLearnerMode went GA in 1.32 and was removed
// in 1.33; NodeLocalCRISocket appeared in 1.32 (alpha) and turned beta, on by default, in 1.34 (#131981);
// ControlPlaneKubeletLocalMode and WaitForAllControlPlaneComponents turned beta, on by default, in 1.33
// (#129956, #129620), the latter GA in 1.34 (#132594).
constexpr KubeadmFeatureGate kPublicKeysECDSA = {"PublicKeysECDSA", "DEPRECATED", false};
constexpr KubeadmFeatureGate kRootless = {"RootlessControlPlane", "ALPHA", false};
constexpr std::array<KubeadmFeatureGate, 5> kGates131 = {{
    {"ControlPlaneKubeletLocalMode", "ALPHA", false},
    {"EtcdLearnerMode", "BETA", true},
    kPublicKeysECDSA,
    kRootless,
    {"WaitForAllControlPlaneComponents", "ALPHA", false},
}};
constexpr std::array<KubeadmFeatureGate, 6> kGates132 = {{
    {"ControlPlaneKubeletLocalMode", "ALPHA", false},
    {"EtcdLearnerMode", "GA", true},
    {"NodeLocalCRISocket", "ALPHA", false},
    kPublicKeysECDSA,
    kRootless,
    {"WaitForAllControlPlaneComponents", "ALPHA", false},
}};
constexpr std::array<KubeadmFeatureGate, 5> kGates133 = {{
    {"ControlPlaneKubeletLocalMode", "BETA", true},
    {"NodeLocalCRISocket", "ALPHA", false},
    kPublicKeysECDSA,
    kRootless,
    {"WaitForAllControlPlaneComponents", "BETA", true},
}};
constexpr std::array<KubeadmFeatureGate, 5> kGates134 = {{
    {"ControlPlaneKubeletLocalMode", "BETA", true},
    {"NodeLocalCRISocket", "BETA", true},
    kPublicKeysECDSA,
    kRootless,
    {"WaitForAllControlPlaneComponents", "GA", true},
}};
constexpr std::array<KubernetesRelease, 4> kReleases = {{
    {31, "3.5.24-0", "v1.11.3", "3.10", "/healthz", "", false, kGates131},
    {32, "3.5.24-0", "v1.11.3", "3.10", "/livez", "/readyz", false, kGates132},
    {33, "3.5.24-0", "v1.12.0", "3.10", "/livez", "/readyz", false, kGates133},
    {34, "3.6.5-0", "v1.12.1", "3.10.1", "/livez", "/readyz", true, kGates134},
}};

// major.minor of an etcd image tag ("3.5.24-0", "v3.6.5"); nullopt when the tag is not a version.
std::optional<std::pair<int, int>> etcd_major_minor(std::string_view tag) {
  if (tag.starts_with('v')) tag.remove_prefix(1);
  int major = 0, minor = 0;
  const char* end = tag.data() + tag.size();
  auto [after_major, e1] = std::from_chars(tag.data(), end, major);
  if (e1 != std::errc() || after_major == end || *after_major != '.') return std::nullopt;
  auto [after_minor, e2] = std::from_chars(after_major + 1, end, minor);
  if (e2 != std::errc()) return std::nullopt;
  return std::pair{major, minor};
}

}  // namespace

std::span<const KubernetesRelease> supported_releases() {
  return kReleases;
}

std::string supported_range() {
  return "v1." + std::to_string(kReleases.front().minor) + " to v1." + std::to_string(kReleases.back().minor);
}

Result<const KubernetesRelease*> release_for_version(const std::string& version) {
  int minor = KS_TRY(kubernetes_minor(version));
  for (const auto& release : kReleases)
    if (release.minor == minor) return &release;
  return invalid("Kubernetes " + version + " is not supported",
                 "this kubestrap installs " + supported_range() + " (any patch release of those minors)",
                 "choose a version from v1." + std::to_string(kReleases.front().minor) +
                     ".0 to the newest v1." + std::to_string(kReleases.back().minor) + " patch release");
}

const KubeadmFeatureGate* find_gate(const KubernetesRelease& release, std::string_view name) {
  for (const auto& gate : release.feature_gates)
    if (gate.name == name) return &gate;
  return nullptr;
}

const KubernetesRelease& release_of(const InitConfiguration& config) {
  auto release = release_for_version(config.cluster.kubernetes_version);
  // Validation refuses other versions; a caller that skipped it renders the newest known minor.
  return release ? **release : kReleases.back();
}

std::vector<Arg> etcd_generation_flags(std::string_view etcd_tag) {
  auto version = etcd_major_minor(etcd_tag);
  if (version && *version >= std::pair{3, 6})
    return {{"feature-gates", "InitialCorruptCheck=true"}, {"watch-progress-notify-interval", "5s"}};
  return {{"experimental-initial-corrupt-check", "true"},
          {"experimental-watch-progress-notify-interval", "5s"}};
}

}  // namespace ks::config
