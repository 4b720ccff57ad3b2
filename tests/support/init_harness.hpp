#pragma once

#include "config/load.hpp"
#include "phases/init_run.hpp"
#include "tests/support/recording_reporter.hpp"
#include "tests/support/test_host.hpp"

namespace ks::testing {

// Flags most tests start from: a fixed node name and address so that output is deterministic.
inline config::InitFlags base_flags() {
  config::InitFlags flags;
  flags.pod_network_cidr = "10.244.0.0/16";
  flags.node_name = "cp1";
  flags.apiserver_advertise_address = "192.168.1.10";
  flags.cri_socket = "unix:///run/containerd/containerd.sock";
  return flags;
}

inline config::InitConfiguration load_config(TestHost& test_host,
                                             const config::InitFlags& flags = base_flags()) {
  auto loaded = config::load_init_config(flags, test_host.host);
  if (!loaded) throw std::runtime_error(loaded.error().message());
  return loaded->config;
}

// Runs the init workflow (or the selected part of it) against the test host. Preflight, which has its
// own tests against fixture hosts, and the phases that need an API server, which run against the
// stand-ins in the cluster tests, are skipped unless selected.
inline const std::vector<std::string> kHostOnlySkips = {
    "preflight",       "wait-control-plane", "upload-config", "upload-certs",     "mark-control-plane",
    "bootstrap-token", "kubelet-finalize",   "addon",         "show-join-command"};
// `prepare` gives the run its fakes (an API factory, a health prober) before anything runs.
inline Status run_init(TestHost& test_host, const config::InitConfiguration& config,
                       RecordingReporter& reporter, workflow::Selection selection = {"", kHostOnlySkips},
                       const std::function<void(phases::InitRun&)>& prepare = {}) {
  phases::InitRun run(config, test_host.host, reporter);
  if (prepare) prepare(run);
  workflow::Runner runner(phases::init_phases(run), reporter, test_host.clock);
  run.keys.prefetch(phases::keys_needed(runner, selection));
  return runner.run(selection);
}

}  // namespace ks::testing
