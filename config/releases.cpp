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
// (ControlPlaneKubeletLocalMode's default: kubernetes/kubernetes#129956 in 1.33.)
constexpr std::array<std::string_view, 0> kNoGates = {};
constexpr std::array<std::string_view, 1> kLocalKubelet = {"ControlPlaneKubeletLocalMode"};
constexpr std::array<KubernetesRelease, 4> kReleases = {{
    {31, "3.5.24-0", "v1.11.3", "3.10", "/healthz", "", false, kNoGates},
    {32, "3.5.24-0", "v1.11.3", "3.10", "/livez", "/readyz", false, kNoGates},
    {33, "3.5.24-0", "v1.12.0", "3.10", "/livez", "/readyz", false, kLocalKubelet},
    {34, "3.6.5-0", "v1.12.1", "3.10.1", "/livez", "/readyz", true, kLocalKubelet},
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
