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
  if (given) return *given;
  if (dry_run) return host::make_temp_dir("kubestrap-dryrun-");
  return host::SystemEnvironment().get("KUBESTRAP_ROOT_DIR").value_or("/");
}

RealHost::RealHost(const std::string& root, bool dry_run,
                   std::function<void(const std::string&)> print_command)
    : files_(root),
      system_(files_),
      network_(system_),
      processes_(make_processes(dry_run, std::move(print_command))),
      host_{files_, system_, network_, *processes_, clock_, random_, environment_} {}

}  // namespace ks::cli
