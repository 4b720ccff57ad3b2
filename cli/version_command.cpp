#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/version.hpp"  // generated
#include "config/constants.hpp"

namespace ks::cli {

CommandSpec version_command() {
  return {
      .path = "version",
      .summary = "Print the version of kubestrap and what it installs",
      .run = [](Context& context) -> Status {
        context.result["kubestrapVersion"] = kVersion;
        context.result["kubernetesVersion"] = constants::kDefaultKubernetesVersion;
        context.result["etcdVersion"] = constants::kEtcdVersion;
        context.result["configAPIVersion"] = "kubeadm.k8s.io/v1beta4";
        context.text_result = std::string("kubestrap ") + kVersion + " (installs Kubernetes " +
                              std::string(constants::kDefaultKubernetesVersion) + ")\n";
        return {};
      },
  };
}

}  // namespace ks::cli
