#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "cli/command.hpp"
#include "cli/init_flags.hpp"
#include "cli/real_host.hpp"
#include "config/defaults.hpp"
#include "config/load.hpp"
#include "phases/init_run.hpp"

namespace ks::cli {

namespace {

std::vector<Flag> init_flags() {
  return {
      Flag::text(
          "pod-network-cidr", "CIDR",
          "Range of IP addresses for the pod network; the controller manager allocates node CIDRs from it"),
      Flag::text("service-cidr", "CIDR", "Range of IP addresses for service VIPs (default 10.96.0.0/12)"),
      Flag::text("service-dns-domain", "DOMAIN", "DNS domain of services (default cluster.local)"),
      Flag::text("apiserver-advertise-address", "IP",
                 "The IP address the API server advertises (default: the default-route interface's)"),
      Flag::text("apiserver-bind-port", "PORT", "Port of the API server (default 6443)"),
      Flag::list_of("apiserver-cert-extra-sans", "NAME,...",
                    "Extra names and IPs for the API server certificate, comma-separated"),
      Flag::text("control-plane-endpoint", "HOST[:PORT]",
                 "A stable address (DNS name or IP, optional port) for all control-plane nodes"),
      Flag::text("cert-dir", "DIR", "Where certificates are stored (default /etc/kubernetes/pki)"),
      Flag::text("kubernetes-version", "VERSION",
                 "Kubernetes version of the control plane (default v1.32.4)"),
      Flag::text("image-repository", "REGISTRY",
                 "Registry of the control-plane images (default registry.k8s.io)"),
      Flag::text("node-name", "NAME", "Name of this node (default: the hostname)"),
      Flag::text("cri-socket", "URL", "Container runtime socket (default: detected)"),
      Flag::text("feature-gates", "GATE=BOOL,...",
                 "kubeadm feature gates, Name=true|false, comma-separated (each minor's gates and defaults: "
                 "kubestrap version -o json)"),
      Flag::text("config", "FILE", "A kubeadm configuration file (v1beta4 or v1beta3)"),
      Flag::list_of("skip-phases", "PHASE,...", "Phases to skip, comma-separated (e.g. addon/kube-proxy)"),
      Flag::text("token", "TOKEN",
                 "The bootstrap token to create (abcdef.0123456789abcdef); default: a new random one"),
      Flag::text("token-ttl", "DURATION", "How long the token stays valid, e.g. 24h; 0 = forever"),
      Flag::boolean("skip-token-print",
                    "Do not print the bootstrap token (the join command shows <value withheld>)"),
      Flag::boolean("fix",
                    "Let preflight repair what it can (swap, sysctls, kernel modules, containerd config, Pi "
                    "cmdline.txt)"),
      Flag::list_of(
          "ignore-preflight-errors", "CHECK,...",
          "Preflight checks whose errors become warnings, comma-separated (e.g. Swap,NumCPU), or all"),
  };
}

// The phase tree for the help. It needs a configuration; a default one over a scratch host will do.
std::string phase_tree() {
  config::InitConfiguration defaults;
  RealHost scratch("/", true, [](const std::string&) {});
  std::vector<std::string> ignored;
  defaults.node_registration.name = "node";
  defaults.local_api_endpoint.advertise_address = "10.0.0.1";
  config::apply_static_defaults(defaults, ignored);
  workflow::JsonReporter quiet;
  phases::InitRun run(defaults, scratch.view(), quiet);
  workflow::Runner runner(phases::init_phases(run), quiet, scratch.view().clock);
  return "Phases (in order):\n" + runner.describe();
}

// What a person reads after a successful run: where a dry run left the files, and what is not done yet.
std::string closing_note(const workflow::Runner& runner, const Context& context, bool phase_mode) {
  std::vector<std::string> unavailable;
  for (const auto& timing : runner.timings())
    if (timing.outcome == workflow::PhaseOutcome::Unavailable && timing.path.find('/') == std::string::npos)
      unavailable.push_back(timing.path);
  std::string note = "\n";
  if (context.dry_run)
    note += "Dry run: nothing on this machine changed. The node's files are under " + context.root + "\n";
  if (phase_mode || unavailable.empty()) return note;
  return note +
         "The local control-plane files of this node are in place (certificates, kubeconfigs, static Pod\n"
         "manifests, kubelet settings). Not yet available in this version of kubestrap: " +
         join(unavailable, ", ") + ".\n";
}

// `init` runs every phase; `init phase <phase> [<sub-phase>]` the named subtree.
Status run_init(Context& context, bool phase_mode) {
  auto flags = KS_TRY(read_init_flags(context));
  auto& host = context.host;
  auto& reporter = context.reporter;
  auto loaded = KS_TRY(config::load_init_config(flags, host));
  for (const auto& warning : loaded.warnings) reporter.warning("config", warning);
  const auto& config = loaded.config;
  reporter.line("init", "Using Kubernetes version: " + config.cluster.kubernetes_version);

  phases::InitRun run(config, host, reporter);
  run.fix_host = context.flags.has("fix");
  run.skip_token_print = context.flags.has("skip-token-print");
  workflow::Runner runner(phases::init_phases(run), reporter, host.clock);
  workflow::Selection selection{join(context.flags.arguments, "/"), config.skip_phases};
  KS_CHECK(runner.validate(selection));
  run.keys.prefetch(phases::keys_needed(runner, selection));
  auto status = runner.run(selection);
  for (const auto& [key, value] : run.results.items()) context.result[key] = value;
  context.result["filesWritten"] = host.files.written();
  KS_CHECK(status);
  context.text_result = closing_note(runner, context, phase_mode);
  return {};
}

}  // namespace

CommandSpec init_command() {
  return {
      .path = "init",
      .summary = "Turn this machine into the first control-plane node of a new cluster",
      .flags = init_flags(),
      .dry_run = true,
      .details =
          [] {
            return "Run one phase (and the phases below it) with 'kubestrap init phase <phase>'.\n\n" +
                   phase_tree();
          },
      .run = [](Context& context) { return run_init(context, false); },
  };
}

CommandSpec init_phase_command() {
  return {
      .path = "init phase",
      .summary = "Run one phase of init (and the phases below it)",
      .flags = init_flags(),
      .dry_run = true,
      .arguments = "<phase> [<sub-phase>]",
      .arguments_required = true,
      .details = phase_tree,
      .run = [](Context& context) { return run_init(context, true); },
  };
}

}  // namespace ks::cli
