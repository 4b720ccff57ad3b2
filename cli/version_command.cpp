#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/version.hpp"  // generated
#include "config/constants.hpp"
#include "config/releases.hpp"

namespace ks::cli {

CommandSpec version_command() {
  return {
      .path = "version",
      .summary = "Print the version of kubestrap and what it installs",
      .run = [](Context& context) -> Status {
        context.result["kubestrapVersion"] = kVersion;
        context.result["kubernetesVersion"] = constants::kDefaultKubernetesVersion;
        nlohmann::json supported = nlohmann::json::array();
        for (const auto& release : config::supported_releases()) {
          nlohmann::json gates = nlohmann::json::array();
          for (const auto& gate : release.feature_gates)
            gates.push_back({{"name", gate.name}, {"stage", gate.stage}, {"default", gate.on_by_default}});
          supported.push_back({{"minor", "v1." + std::to_string(release.minor)},
                               {"etcd", release.etcd_version},
                               {"coredns", release.coredns_version},
                               {"pause", release.pause_version},
                               {"featureGates", gates}});
        }
        context.result["supportedKubernetesMinors"] = supported;
        context.result["configAPIVersion"] = "kubeadm.k8s.io/v1beta4";
        context.text_result = std::string("kubestrap ") + kVersion + " (installs Kubernetes " +
                              std::string(constants::kDefaultKubernetesVersion) + " by default; supports " +
                              config::supported_range() + ")\n";
        return {};
      },
  };
}

}  // namespace ks::cli
