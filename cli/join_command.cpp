// kubestrap join [<api-server-endpoint>] and join phase <phase>: make this machine a node of a cluster.
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/real_host.hpp"
#include "config/join_load.hpp"
#include "join/join_run.hpp"
#include "workflow/runner.hpp"

namespace ks::cli {

namespace {

std::vector<Flag> join_flags() {
  return {
      Flag::text(
          "token", "TOKEN",
          "The bootstrap token (abcdef.0123456789abcdef) for discovery and the kubelet's TLS bootstrap"),
      Flag::list_of("discovery-token-ca-cert-hash", "sha256:HASH",
                    "Trust the cluster's CA only if its public key has this hash (repeatable); "
                    "'kubestrap certs ca-hash' on a control-plane node prints it"),
      Flag::boolean("discovery-token-unsafe-skip-ca-verification",
                    "Trust the cluster's CA without a hash (anyone on the network path could pose as it)"),
      Flag::text("discovery-token", "TOKEN", "The token for discovery only (default: --token)"),
      Flag::text("tls-bootstrap-token", "TOKEN", "The token the kubelet bootstraps with (default: --token)"),
      Flag::text("discovery-file", "FILE|URL",
                 "Find the cluster from a kubeconfig (a file, or an https URL) instead of a token"),
      Flag::text("node-name", "NAME", "Name of this node (default: the hostname)"),
      Flag::text("cri-socket", "URL", "Container runtime socket (default: detected)"),
      Flag::text("config", "FILE", "A kubeadm JoinConfiguration file (v1beta4 or v1beta3)"),
      Flag::boolean("control-plane", "Join as a control-plane node (not available in this version)"),
      Flag::text("apiserver-advertise-address", "IP",
                 "With --control-plane: the address this node's API server advertises"),
      Flag::text("apiserver-bind-port", "PORT", "With --control-plane: this node's API server port"),
      Flag::text("certificate-key", "KEY",
                 "With --control-plane: the key that decrypts the certificates init uploaded"),
      Flag::list_of("skip-phases", "PHASE,...", "Phases to skip, comma-separated"),
      Flag::list_of("ignore-preflight-errors", "CHECK,...",
                    "Preflight checks whose errors become warnings, comma-separated, or all"),
      Flag::boolean("fix",
                    "Let preflight repair what it can (swap, sysctls, kernel modules, containerd config)"),
  };
}

Result<config::JoinFlags> read_join_flags(const Context& context, bool phase_mode) {
  const auto& given = context.flags;
  config::JoinFlags flags;
  for (auto [name, field] : {std::pair{"token", &flags.token},
                             {"discovery-token", &flags.discovery_token},
                             {"tls-bootstrap-token", &flags.tls_bootstrap_token},
                             {"discovery-file", &flags.discovery_file},
                             {"node-name", &flags.node_name},
                             {"cri-socket", &flags.cri_socket},
                             {"config", &flags.config_path},
                             {"apiserver-advertise-address", &flags.apiserver_advertise_address},
                             {"certificate-key", &flags.certificate_key}})
    *field = given.text(name);
  if (auto port = given.text("apiserver-bind-port"))
    flags.apiserver_bind_port = KS_TRY(parse_port_flag("--apiserver-bind-port", *port));
  // `join phase <phase> [<endpoint>]`: the first argument names the phase.
  auto arguments = given.arguments;
  if (phase_mode && !arguments.empty()) arguments.erase(arguments.begin());
  flags.endpoints = arguments;
  flags.checks_only = phase_mode && !given.arguments.empty() && given.arguments.front() == "preflight";
  flags.ca_cert_hashes = given.list("discovery-token-ca-cert-hash");
  flags.unsafe_skip_ca_verification = given.has("discovery-token-unsafe-skip-ca-verification");
  flags.control_plane = given.has("control-plane");
  flags.skip_phases = given.list("skip-phases");
  flags.ignore_preflight_errors = given.list("ignore-preflight-errors");
  flags.dry_run = context.dry_run;
  flags.given = given.given;
  return flags;
}

// The phase tree for the help, from a default configuration.
std::string join_phase_tree() {
  config::JoinConfiguration defaults;
  RealHost scratch("/", true, [](const std::string&) {});
  workflow::JsonReporter quiet;
  joining::JoinRun run(defaults, scratch.view(), quiet);
  workflow::Runner runner(joining::join_phases(run), quiet, scratch.view().clock);
  return "Phases (in order):\n" + runner.describe();
}

std::string join_closing_note(const Context& context, const joining::JoinRun& run) {
  if (context.dry_run)
    return "\nDry run: nothing on this machine changed. The node's files are under " + context.root + "\n";
  if (!run.results.contains("kubelet")) return "";
  return "\nThis node has joined the cluster:\n"
         "* The kubelet sent a certificate signing request with the bootstrap token, and the cluster signed "
         "it.\n"
         "* The kubelet now reaches the API server with its own client certificate (" +
         std::string(joining::kKubeletKubeconfig) +
         ").\n\n"
         "Run 'kubectl get nodes' on a control-plane node to see this node in the cluster.\n";
}

Status run_join(Context& context, bool phase_mode) {
  auto flags = KS_TRY(read_join_flags(context, phase_mode));
  auto& host = context.host;
  auto& reporter = context.reporter;
  auto loaded = KS_TRY(config::load_join_config(flags, host));
  for (const auto& warning : loaded.warnings) reporter.warning("config", warning);
  const auto& config = loaded.config;
  KS_CHECK(joining::check_join_input(config));
  if (config.control_plane && !phase_mode)
    return invalid(
        "kubestrap join --control-plane",
        "this version of kubestrap joins worker nodes only; adding a control-plane node (certificates, "
        "etcd member) comes later",
        "join this machine as a worker (without --control-plane)");

  joining::JoinRun run(config, host, reporter);
  run.fix_host = context.flags.has("fix");
  workflow::Runner runner(joining::join_phases(run), reporter, host.clock);
  auto phase = phase_mode && !context.flags.arguments.empty() ? context.flags.arguments.front() : "";
  workflow::Selection selection{phase, config.skip_phases};
  KS_CHECK(runner.validate(selection));
  auto status = runner.run(selection);
  for (const auto& [key, value] : run.results.items()) context.result[key] = value;
  context.result["filesWritten"] = host.files.written();
  KS_CHECK(status);
  context.text_result = join_closing_note(context, run);
  return {};
}

}  // namespace

CommandGroup join_group() {
  return {
      .path = "join phase",
      .summary = "Run one phase of join",
  };
}

CommandSpec join_command() {
  return {
      .path = "join",
      .summary = "Make this machine a node of an existing cluster",
      .flags = join_flags(),
      .dry_run = true,
      .arguments = "[<api-server-endpoint>]",
      .details =
          [] {
            return "Finds the cluster at <api-server-endpoint> (host:port) with the bootstrap token, trusts "
                   "its "
                   "CA only if it\nmatches --discovery-token-ca-cert-hash, then hands the kubelet its "
                   "bootstrap "
                   "credentials and waits\nfor its TLS bootstrap. 'kubestrap token create "
                   "--print-join-command' on "
                   "a control-plane node\nprints the whole command. Run one phase with 'kubestrap join phase "
                   "<phase>'.\n\n" +
                   join_phase_tree();
          },
      .run = [](Context& context) { return run_join(context, false); },
  };
}

CommandSpec join_phase_command() {
  return {
      .path = "join phase",
      .summary = "Run one phase of join",
      .flags = join_flags(),
      .dry_run = true,
      .arguments = "<phase> [<api-server-endpoint>]",
      .arguments_required = true,
      .details = join_phase_tree,
      .run = [](Context& context) { return run_join(context, true); },
  };
}

}  // namespace ks::cli
