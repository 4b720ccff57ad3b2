#include "cli/real_host.hpp"

#include "host/temp_dir.hpp"

namespace ks::cli {

namespace {
std::unique_ptr<host::Processes> make_processes(bool dry_run, std::function<void(const std::string&)> print) {
  if (dry_run) return std::make_unique<host::DryRunProcesses>(std::move(print));
  return std::make_unique<host::SystemProcesses>();
}
}  // namespace

Result<std::string> node_root(const std::optional<std::string>& given, bool dry_run) {
  auto checked = [](const std::string& root, const std::string& source) -> Result<std::string> {
    if (auto valid = host::check_root_directory(root); !valid)
      return std::unexpected(std::move(valid.error()).context(source));
    return root;
  };
  if (given) return checked(*given, "--root-dir");
  if (dry_run) return host::make_temp_dir("kubestrap-dryrun-");
  auto from_environment = host::SystemEnvironment().get("KUBESTRAP_ROOT_DIR");
  if (!from_environment) return std::string("/");
  return checked(*from_environment, "KUBESTRAP_ROOT_DIR");
}

RealHost::RealHost(const std::string& root, bool dry_run,
                   std::function<void(const std::string&)> print_command)
    : files_(root),
      system_(files_),
      network_(system_),
      processes_(make_processes(dry_run, std::move(print_command))),
      host_{files_, system_, network_, *processes_, clock_, random_, environment_} {}

}  // namespace ks::cli
