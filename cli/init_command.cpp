#include <spdlog/spdlog.h>

#include <cxxopts.hpp>
#include <iostream>

#include "base/strings.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/real_host.hpp"
#include "config/defaults.hpp"
#include "config/load.hpp"
#include "phases/init_run.hpp"

namespace ks::cli {

namespace {

struct InitInvocation {
  config::InitFlags flags;
  bool phase_mode = false;
  std::string phase;  // "certs/apiserver"
  std::string root_dir;
  bool root_given = false;
  OutputFormat output = OutputFormat::Text;
  bool fix = false;
  bool skip_token_print = false;
};

cxxopts::Options init_options(const std::string& program) {
  cxxopts::Options options(program, "");
  options.add_options()(
      "pod-network-cidr",
      "Range of IP addresses for the pod network; the controller manager allocates node CIDRs from it",
      cxxopts::value<std::string>())("service-cidr",
                                     "Range of IP addresses for service VIPs (default 10.96.0.0/12)",
                                     cxxopts::value<std::string>())(
      "service-dns-domain", "DNS domain of services (default cluster.local)", cxxopts::value<std::string>())(
      "apiserver-advertise-address",
      "The IP address the API server advertises (default: the default-route interface's)",
      cxxopts::value<std::string>())("apiserver-bind-port", "Port of the API server (default 6443)",
                                     cxxopts::value<std::string>())(
      "apiserver-cert-extra-sans", "Extra names and IPs for the API server certificate, comma-separated",
      cxxopts::value<std::vector<std::string>>())(
      "control-plane-endpoint",
      "A stable address (DNS name or IP, optional port) for all control-plane nodes",
      cxxopts::value<std::string>())("cert-dir",
                                     "Where certificates are stored (default /etc/kubernetes/pki)",
                                     cxxopts::value<std::string>())(
      "kubernetes-version", "Kubernetes version of the control plane (default v1.32.4)",
      cxxopts::value<std::string>())("image-repository",
                                     "Registry of the control-plane images (default registry.k8s.io)",
                                     cxxopts::value<std::string>())(
      "node-name", "Name of this node (default: the hostname)", cxxopts::value<std::string>())(
      "cri-socket", "Container runtime socket (default: detected)", cxxopts::value<std::string>())(
      "feature-gates", "kubeadm feature gates, Name=true|false, comma-separated",
      cxxopts::value<std::string>())("config", "A kubeadm configuration file (v1beta4 or v1beta3)",
                                     cxxopts::value<std::string>())(
      "skip-phases", "Phases to skip, comma-separated (e.g. addon/kube-proxy)",
      cxxopts::value<std::vector<std::string>>())(
      "token", "The bootstrap token to create (abcdef.0123456789abcdef); default: a new random one",
      cxxopts::value<std::string>())("token-ttl", "How long the token stays valid, e.g. 24h; 0 = forever",
                                     cxxopts::value<std::string>())(
      "skip-token-print", "Do not print the bootstrap token (the join command shows <value withheld>)")(
      "fix",
      "Let preflight repair what it can (swap, sysctls, kernel modules, containerd config, Pi cmdline.txt)")(
      "ignore-preflight-errors",
      "Preflight checks whose errors become warnings, comma-separated (e.g. Swap,NumCPU), or all",
      cxxopts::value<std::vector<std::string>>())(
      "dry-run",
      "Change nothing on this machine: write into --root-dir or a new temporary directory, print commands")(
      "root-dir",
      "Treat DIR as the machine's root: every file read or written resolves under it (default "
      "$KUBESTRAP_ROOT_DIR or /)",
      cxxopts::value<std::string>())("o,output", "Output format: text or json",
                                     cxxopts::value<std::string>()->default_value("text"))(
      "v,verbose", "Log level: 0 warnings, 1 info, 2 debug",
      cxxopts::value<std::string>()->default_value("0"))("h,help", "Show this help");
  return options;
}

std::string help_text(cxxopts::Options& options, const std::string& phase_tree, bool phase_mode) {
  std::string text = phase_mode ? "Run one phase of init (and the phases below it).\n\nUsage:\n  kubestrap "
                                  "init phase <phase> [<sub-phase>] [flags]\n"
                                : "Turn this machine into the first control-plane node of a new "
                                  "cluster.\n\nUsage:\n  kubestrap init [flags]\n"
                                  "  kubestrap init phase <phase> [<sub-phase>] [flags]\n";
  text += "\nPhases (in order):\n" + phase_tree;
  text += options.help().substr(options.help().find('\n') + 1);
  text +=
      "\nExit codes: 0 success, 1 a phase failed, 2 preflight failed, 3 invalid input (nothing changed),\n"
      "4 existing node state conflicts with this configuration (nothing overwritten).\n";
  return text;
}

Result<InitInvocation> parse(std::span<char*> args, cxxopts::Options& options, bool& help) {
  InitInvocation inv;
  std::vector<char*> rest = {args[0]};
  size_t i = 1;
  if (args.size() > 1 && std::string(args[1]) == "phase") {
    inv.phase_mode = true;
    std::vector<std::string> words;
    for (i = 2; i < args.size() && args[i][0] != '-'; ++i) words.push_back(args[i]);
    inv.phase = join(words, "/");
  }
  for (; i < args.size(); ++i) rest.push_back(args[i]);
  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(static_cast<int>(rest.size()), rest.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return std::unexpected(flag_error("kubestrap init", e));
  }
  if (!parsed.unmatched().empty())
    return invalid("kubestrap init: unexpected argument " + quote(parsed.unmatched().front()),
                   "init takes flags only", "see 'kubestrap init --help'");
  help = parsed.count("help") > 0;
  auto& f = inv.flags;
  auto str = [&](const char* name, std::optional<std::string>& out) {
    if (parsed.count(name)) out = parsed[name].as<std::string>();
  };
  str("pod-network-cidr", f.pod_network_cidr);
  str("service-cidr", f.service_cidr);
  str("service-dns-domain", f.service_dns_domain);
  str("apiserver-advertise-address", f.apiserver_advertise_address);
  if (parsed.count("apiserver-bind-port"))
    f.apiserver_bind_port =
        KS_TRY(parse_port_flag("--apiserver-bind-port", parsed["apiserver-bind-port"].as<std::string>()));
  if (parsed.count("apiserver-cert-extra-sans"))
    f.apiserver_cert_extra_sans = parsed["apiserver-cert-extra-sans"].as<std::vector<std::string>>();
  str("control-plane-endpoint", f.control_plane_endpoint);
  str("cert-dir", f.cert_dir);
  str("kubernetes-version", f.kubernetes_version);
  str("image-repository", f.image_repository);
  str("node-name", f.node_name);
  str("cri-socket", f.cri_socket);
  str("feature-gates", f.feature_gates);
  str("config", f.config_path);
  str("token", f.token);
  str("token-ttl", f.token_ttl);
  inv.skip_token_print = parsed.count("skip-token-print") > 0;
  if (parsed.count("skip-phases")) f.skip_phases = parsed["skip-phases"].as<std::vector<std::string>>();
  if (parsed.count("ignore-preflight-errors"))
    f.ignore_preflight_errors = parsed["ignore-preflight-errors"].as<std::vector<std::string>>();
  f.dry_run = parsed.count("dry-run") > 0;
  inv.fix = parsed.count("fix") > 0;
  for (const auto& argument : parsed.arguments()) f.given.push_back(argument.key());
  if (parsed.count("root-dir")) {
    inv.root_dir = parsed["root-dir"].as<std::string>();
    inv.root_given = true;
  }
  inv.output = KS_TRY(parse_output_format(parsed["output"].as<std::string>()));
  KS_CHECK(apply_verbosity(parsed["verbose"].as<std::string>()));
  return inv;
}

void print_summary(const workflow::Runner& runner, const InitInvocation& inv, const std::string& root,
                   bool dry_run) {
  std::vector<std::string> unavailable;
  for (const auto& timing : runner.timings())
    if (timing.outcome == workflow::PhaseOutcome::Unavailable && timing.path.find('/') == std::string::npos)
      unavailable.push_back(timing.path);
  std::cout << '\n';
  if (dry_run)
    std::cout << "Dry run: nothing on this machine changed. The node's files are under " << root << "\n";
  if (inv.phase_mode || unavailable.empty()) return;
  std::cout
      << "The local control-plane files of this node are in place (certificates, kubeconfigs, static Pod\n"
         "manifests, kubelet settings). Not yet available in this version of kubestrap: "
      << join(unavailable, ", ") << ".\n";
}

}  // namespace

int run_init(std::span<char*> args) {
  bool phase_mode = args.size() > 1 && std::string(args[1]) == "phase";
  auto options = init_options(phase_mode ? "kubestrap init phase" : "kubestrap init");
  bool help = false;
  auto invocation = parse(args, options, help);
  if (!invocation) return report_error(invocation.error(), requested_output(args));
  auto& inv = *invocation;

  workflow::TextReporter text_reporter(std::cout, std::cerr);
  workflow::JsonReporter json_reporter;
  workflow::Reporter& reporter =
      inv.output == OutputFormat::Json ? static_cast<workflow::Reporter&>(json_reporter) : text_reporter;

  // Help needs the phase tree, which needs a configuration; a default one over a scratch host will do.
  if (help || (inv.phase_mode && inv.phase.empty())) {
    config::InitConfiguration defaults;
    RealHost scratch("/", true, [](const std::string&) {});
    std::vector<std::string> ignored;
    defaults.node_registration.name = "node";
    defaults.local_api_endpoint.advertise_address = "10.0.0.1";
    config::apply_static_defaults(defaults, ignored);
    phases::InitRun run(defaults, scratch.view(), reporter);
    workflow::Runner runner(phases::init_phases(run), reporter, scratch.view().clock);
    std::cout << help_text(options, runner.describe(), inv.phase_mode);
    return help ? 0 : 3;
  }

  bool dry_run = inv.flags.dry_run;
  auto node = node_root(inv.root_given ? std::optional(inv.root_dir) : std::nullopt, dry_run);
  if (!node) return report_error(node.error(), inv.output);
  const std::string& root = *node;
  if (dry_run)
    reporter.line("dryrun",
                  "Writing the node's files under " + root + "; nothing else on this machine changes");

  RealHost real_host(root, dry_run, [&](const std::string& text) { reporter.line("dryrun", text); });
  auto& host = real_host.view();
  auto loaded = config::load_init_config(inv.flags, host);
  if (!loaded) return report_error(loaded.error(), inv.output, json_reporter.document());
  for (const auto& warning : loaded->warnings) reporter.warning("config", warning);
  const auto& config = loaded->config;
  reporter.line("init", "Using Kubernetes version: " + config.cluster.kubernetes_version);

  phases::InitRun run(config, host, reporter);
  run.fix_host = inv.fix;
  run.skip_token_print = inv.skip_token_print;
  workflow::Runner runner(phases::init_phases(run), reporter, host.clock);
  workflow::Selection selection{inv.phase, config.skip_phases};
  if (auto valid = runner.validate(selection); !valid)
    return report_error(valid.error(), inv.output, json_reporter.document());
  run.keys.prefetch(phases::keys_needed(runner, selection));
  auto status = runner.run(selection);

  if (inv.output == OutputFormat::Json) {
    auto document = json_reporter.document();
    document["rootDir"] = root;
    document["dryRun"] = dry_run;
    for (const auto& [key, value] : run.results.items()) document[key] = value;
    document["filesWritten"] = host.files.written();
    if (!status) return report_error(status.error(), inv.output, std::move(document));
    std::cout << json_text(document) << '\n';
    return 0;
  }
  if (!status) return report_error(status.error());
  print_summary(runner, inv, root, dry_run);
  return 0;
}

}  // namespace ks::cli
