#include "config/constants.hpp"
#include "phases/init_run.hpp"
#include "templates/control_plane_pods.hpp"

namespace ks::phases {

workflow::Phase etcd_phase(InitRun& run) {
  workflow::Phase local{"local", "Write the static Pod manifest of a local, single-member etcd"};
  local.enabled = [&run] { return !run.config.cluster.etcd.external.has_value(); };
  local.needs = {"certs/etcd-server"};
  local.run = [&run]() -> Status {
    const auto& data_dir = run.config.cluster.etcd.local->data_dir;
    KS_CHECK(run.host.files.make_dirs(data_dir, constants::kPrivateDirMode));
    run.reporter.line("etcd", "Creating static Pod manifest for local etcd in \"" +
                                  std::string(constants::kManifestsDir) + "\"");
    return run.write_manifest("etcd", templates::etcd_pod(run.config, run.node_facts()));
  };
  return {"etcd", "Write the static Pod manifest of etcd", {}, {std::move(local)}};
}

}  // namespace ks::phases
