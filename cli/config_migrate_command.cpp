// `kubestrap config migrate --old-config FILE [--new-config FILE]`: kubeadm's `config migrate`
// (cmd/kubeadm/app/cmd/config.go, newCmdConfigMigrate; util/config/common.go, MigrateOldConfig): the file
// read, converted, defaulted and validated as init and join read it, and written out as
// kubeadm.k8s.io/v1beta4.
#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "cli/command.hpp"
#include "cli/file_only_fix.hpp"
#include "config/config_file.hpp"
#include "config/constants.hpp"
#include "config/decode.hpp"
#include "config/encode.hpp"
#include "host/files.hpp"
#include "workflow/reporter.hpp"

namespace ks::cli {

namespace {

// --new-config is a file of this machine, as --old-config is, never one under --root-dir.
Status write_new_config(const std::string& path, const std::string& text) {
  auto absolute = KS_TRY(host::local_absolute_path(path));
  host::RootFiles machine("/");
  if (auto written = machine.write_atomic(absolute, text, constants::kMigratedConfigMode); !written)
    return failure("cannot write the new configuration to " + quote(path), written.error().message(),
                   "check that the directory of --new-config exists and is writable, or leave "
                   "--new-config out to print the configuration");
  return {};
}

Status migrate_config(Context& context) {
  auto old_path = context.flags.text("old-config");
  if (!old_path)
    return invalid("kubestrap config migrate", "--old-config is required",
                   "pass --old-config FILE with the kubeadm configuration to migrate");
  auto check = config::check_config_file(*old_path, context.host);
  for (const auto& warning : check.warnings) context.reporter.warning("config", warning);
  if (check.error) return std::unexpected(with_file_only_fix(*check.error, "--old-config"));
  auto documents = config::migrated_documents(check);
  context.result["kinds"] = check.kinds;
  if (auto new_path = context.flags.text("new-config")) {
    KS_CHECK(write_new_config(*new_path, config::yaml_documents(documents)));
    context.result["newConfig"] = *new_path;
    context.reporter.line(
        "config", "Wrote the " + std::string(config::kV1Beta4) + " configuration to " + quote(*new_path));
  } else if (context.output == OutputFormat::Text) {
    context.text_result = config::yaml_documents(documents);
  } else {
    context.result["documents"] = documents;
  }
  return {};
}

}  // namespace

CommandSpec config_migrate_command() {
  return {
      .path = "config migrate",
      .summary =
          "Rewrite a kubeadm configuration file (kubeadm.k8s.io/v1beta3 or v1beta4) as kubeadm.k8s.io/"
          "v1beta4, defaulted as init and join read it",
      .flags = {Flag::text("old-config", "FILE", "The kubeadm configuration file to read"),
                Flag::text("new-config", "FILE",
                           "Where to write the result (replaced atomically, mode 0600); default: stdout")},
      .details =
          [] {
            return "The InitConfiguration, ClusterConfiguration and JoinConfiguration come out as init and "
                   "join would use them:\nevery default filled in, the node's name, address and container "
                   "runtime socket from this machine\nwhen the file leaves them out (--root-dir). A "
                   "KubeletConfiguration or KubeProxyConfiguration is kept as given.\nA bootstrap token "
                   "the file leaves out stays out: init generates one at run time.\n";
          },
      .run = migrate_config,
  };
}

}  // namespace ks::cli
