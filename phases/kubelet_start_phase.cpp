#include "base/strings.hpp"
#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "phases/init_run.hpp"
#include "templates/kubelet_files.hpp"
#include "templates/templates.hpp"

namespace ks::phases {

namespace {

// systemctl may be missing (containers, non-systemd distributions); kubeadm only warns then.
void systemctl(InitRun& run, std::vector<std::string> args) {
  args.insert(args.begin(), "systemctl");
  host::Command command{args};
  auto result = run.host.processes.run(command);
  if (!result) {
    run.reporter.warning("kubelet-start", "could not run '" + command.display() + "': " + result.error().why +
                                              "; start the kubelet yourself");
  } else if (result->exit_code != 0) {
    run.reporter.warning("kubelet-start", "'" + command.display() + "' failed (exit " +
                                              std::to_string(result->exit_code) +
                                              "): " + std::string(trim(result->err)));
  }
}

Status write_if_changed(InitRun& run, const std::string& path, const std::string& content, mode_t mode) {
  auto& files = run.host.files;
  if (files.exists(path) && files.read(path).value_or("") == content) return {};
  run.reporter.line("kubelet-start", "Writing " + path);
  return files.write_atomic(path, content, mode);
}

// The kubelet package ships a unit and kubeadm's drop-in; a kubelet installed by hand has neither.
Status install_unit_if_missing(InitRun& run) {
  for (const char* unit : {"/lib/systemd/system/kubelet.service", "/usr/lib/systemd/system/kubelet.service",
                           "/etc/systemd/system/kubelet.service"})
    if (run.host.files.exists(unit)) return {};
  run.reporter.line("kubelet-start", "No kubelet.service found; installing one with kubestrap's drop-in");
  // The unit last: it marks the pair as installed, so a run killed between the two writes both again.
  KS_CHECK(run.host.files.write_atomic("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                                       templates::render("10-kubeadm.conf"), 0644));
  return run.host.files.write_atomic("/etc/systemd/system/kubelet.service",
                                     templates::render("kubelet.service"), 0644);
}

}  // namespace

workflow::Phase kubelet_start_phase(InitRun& run) {
  workflow::Phase phase{"kubelet-start", "Write the kubelet's settings and (re)start it"};
  phase.run = [&run]() -> Status {
    auto facts = run.node_facts();
    std::vector<std::string> warnings;
    auto config = templates::kubelet_configuration(run.config, facts, warnings);
    for (const auto& warning : warnings) run.reporter.warning("kubelet-start", warning);
    run.reporter.line("kubelet-start", "Stopping the kubelet while its settings change");
    systemctl(run, {"stop", "kubelet"});
    KS_CHECK(run.host.files.make_dirs(constants::kKubeletDir, constants::kPrivateDirMode));
    KS_CHECK(write_if_changed(run, std::string(constants::kKubeletFlagsEnvFile),
                              templates::kubelet_flags_env(run.config, facts, false),
                              constants::kKubeletFileMode));
    KS_CHECK(write_if_changed(run, std::string(constants::kKubeletConfigFile), to_yaml(config),
                              constants::kKubeletFileMode));
    KS_CHECK(install_unit_if_missing(run));
    run.reporter.line("kubelet-start", "Starting the kubelet");
    systemctl(run, {"daemon-reload"});
    systemctl(run, {"restart", "kubelet"});
    return {};
  };
  return phase;
}

}  // namespace ks::phases
