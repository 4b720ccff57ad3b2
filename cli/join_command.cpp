#include "cli/command.hpp"
#include "cli/init_flags.hpp"
#include "config/load.hpp"
#include "kube/cri/grpc_runtime.hpp"
#include "preflight/checks.hpp"
#include "preflight/runner.hpp"

namespace ks::cli {

namespace {

Status run_join_preflight(Context& context) {
  auto flags = KS_TRY(read_init_flags(context));
  auto loaded = KS_TRY(config::load_init_config(flags, context.host));
  const auto& config = loaded.config;
  bool control_plane = context.flags.has("control-plane");
  kube::cri::GrpcConnector cri(context.host.files, context.host.clock);
  auto role = control_plane ? preflight::Role::JoinControlPlane : preflight::Role::JoinWorker;
  preflight::Context checks{context.host, config, cri, control_plane};
  return preflight::run_preflight(
      checks, preflight::checks_for(config, role),
      {config.node_registration.ignore_preflight_errors, context.flags.has("fix"), context.dry_run},
      context.reporter);
}

}  // namespace

CommandGroup join_group() {
  return {
      .path = "join",
      .summary = "Check this machine before it joins a cluster (join phase preflight)",
      .details =
          "Join this machine to a cluster as a worker or another control-plane node. Joining itself (token\n"
          "discovery, TLS bootstrap) is not available in this version of kubestrap yet.\n",
  };
}

CommandSpec join_preflight_command() {
  return {
      .path = "join phase preflight",
      .summary = "Check (and with --fix repair) this machine before it joins a cluster",
      .flags =
          {
              Flag::boolean("control-plane", "Check for a control-plane node rather than a worker"),
              Flag::text("node-name", "NAME", "Name of this node (default: the hostname)"),
              Flag::text("cri-socket", "URL", "Container runtime socket (default: detected)"),
              Flag::text("apiserver-advertise-address", "IP",
                         "For --control-plane: this node's API server address"),
              Flag::text("apiserver-bind-port", "PORT", "For --control-plane: the API server port"),
              Flag::list_of("ignore-preflight-errors", "CHECK,...",
                            "Checks whose errors become warnings, comma-separated, or all"),
              Flag::boolean("fix", "Repair what can be repaired"),
          },
      .dry_run = true,
      .run = run_join_preflight,
  };
}

}  // namespace ks::cli
