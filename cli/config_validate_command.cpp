// `kubestrap config validate --config FILE`: kubeadm's `config validate` (cmd/kubeadm/app/cmd/config.go,
// newCmdConfigValidate; util/config/common.go, ValidateConfig): the file read as init and join read it,
// every problem reported at once, "ok" when there is none.
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/file_only_fix.hpp"
#include "config/config_file.hpp"
#include "workflow/reporter.hpp"

namespace ks::cli {

namespace {

Status validate_config(Context& context) {
  auto path = context.flags.text("config");
  if (!path)
    return invalid("kubestrap config validate", "--config is required",
                   "pass --config FILE with the kubeadm configuration to check");
  auto check = config::check_config_file(*path, context.host);
  for (const auto& warning : check.deprecations) context.reporter.warning("config", warning);
  for (const auto& warning : check.warnings) context.reporter.warning("config", warning);
  context.result["valid"] = !check.error.has_value();
  context.result["kinds"] = check.kinds;
  context.result["problems"] = check.problems;
  if (check.error) return std::unexpected(with_file_only_fix(*check.error));
  context.text_result = "ok\n";
  return {};
}

}  // namespace

CommandSpec config_validate_command() {
  return {
      .path = "config validate",
      .summary = "Check a kubeadm configuration file as 'kubestrap init' and 'kubestrap join' would read it",
      .flags = {Flag::text("config", "FILE",
                           "The kubeadm configuration file (InitConfiguration, ClusterConfiguration and its "
                           "component configurations, and/or JoinConfiguration)")},
      .details =
          [] {
            return "Prints \"ok\" when the file is valid; otherwise every problem, with exit code 3. The "
                   "node's name, address and\ncontainer runtime socket are defaulted from this machine "
                   "(--root-dir), as init and join default them.\n";
          },
      .run = validate_config,
  };
}

}  // namespace ks::cli
