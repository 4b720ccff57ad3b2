// featureGates judged as the kubeadm of the configuration's own minor judges them
// (validation.go, ValidateFeatureGates): a name that minor's kubeadm does not know is refused. The error
// says when another supported minor knows it, since a gate that came or went with a release is the usual
// cause (EtcdLearnerMode after 1.32, NodeLocalCRISocket before 1.32).
#include "base/strings.hpp"
#include "config/releases.hpp"
#include "config/validate_parts.hpp"

namespace ks::config {

namespace {

constexpr const char* kWhere = "featureGates (--feature-gates)";

std::string minor_name(const KubernetesRelease& release) {
  return "v1." + std::to_string(release.minor);
}

std::string minors_knowing(std::string_view gate) {
  std::vector<std::string> minors;
  for (const auto& release : supported_releases())
    if (find_gate(release, gate)) minors.push_back(minor_name(release));
  return join(minors, ", ");
}

std::string gate_names(const KubernetesRelease& release) {
  std::vector<std::string> names;
  for (const auto& gate : release.feature_gates) names.emplace_back(gate.name);
  return join(names, ", ");
}

}  // namespace

void check_feature_gates(Problems& p, const ClusterConfiguration& cluster) {
  auto release = release_for_version(cluster.kubernetes_version);
  if (!release) return;  // the version itself is refused; its gates cannot be judged
  auto minor = minor_name(**release);
  for (const auto& [name, value] : cluster.feature_gates) {
    if (find_gate(**release, name)) {
      if (name == "RootlessControlPlane" && value)
        p.add(kWhere, "RootlessControlPlane is not supported by kubestrap");
      continue;
    }
    auto elsewhere = minors_knowing(name);
    if (elsewhere.empty())
      p.add(kWhere, "unknown feature gate " + quote(name) + "; the gates of Kubernetes " + minor +
                        " are: " + gate_names(**release));
    else
      p.add(kWhere, quote(name) + " is not a feature gate of Kubernetes " + minor + " (kubeadm knows it in " +
                        elsewhere + " only): remove it; the gates of " + minor +
                        " are: " + gate_names(**release));
  }
}

void warn_about_feature_gates(const ClusterConfiguration& cluster, std::vector<std::string>& warnings) {
  auto release = release_for_version(cluster.kubernetes_version);
  if (!release) return;
  for (const auto& [name, value] : cluster.feature_gates) {
    const auto* gate = find_gate(**release, name);
    if (!gate) continue;  // refused by check_feature_gates
    if (name == "PublicKeysECDSA") {
      warnings.push_back(
          std::string("the feature gate PublicKeysECDSA is deprecated; while it is set, it decides the "
                      "key type (") +
          (value ? "ECDSA-P256" : "RSA-2048") +
          ") over encryptionAlgorithm: set encryptionAlgorithm instead");
    } else if (gate->stage == "GA" && value != gate->on_by_default) {
      warnings.push_back(name + " is GA in Kubernetes " + minor_name(**release) + ": " + name + "=" +
                         (value ? "true" : "false") + " is ignored");
    } else if (name == "WaitForAllControlPlaneComponents" && !value) {
      warnings.push_back(
          "WaitForAllControlPlaneComponents=false is ignored: kubestrap always waits for all "
          "three control-plane components");
    }
  }
}

}  // namespace ks::config
