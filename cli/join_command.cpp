#include <cxxopts.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/real_host.hpp"
#include "config/load.hpp"
#include "kube/cri/grpc_runtime.hpp"
#include "preflight/checks.hpp"
#include "preflight/runner.hpp"

namespace ks::cli {

namespace {

const char* kUsage =
    "Join this machine to a cluster as a worker or another control-plane node.\n\nUsage:\n"
    "  kubestrap join phase preflight [--control-plane] [flags]   check (and with --fix repair) this "
    "machine\n\n"
    "Joining itself (token discovery, TLS bootstrap) is not available in this version of kubestrap yet.\n";

}  // namespace

int run_join(std::span<char*> args) {
  bool help = args.size() > 1 && (std::string(args[1]) == "--help" || std::string(args[1]) == "-h");
  if (args.size() < 3 || std::string(args[1]) != "phase" || std::string(args[2]) != "preflight") {
    (help ? std::cout : std::cerr) << kUsage;
    if (!help) std::cerr << "error: only 'kubestrap join phase preflight' is available in this version\n";
    return help ? 0 : 3;
  }
  cxxopts::Options options("kubestrap join phase preflight", "");
  options.add_options()("control-plane", "Check for a control-plane node rather than a worker")(
      "node-name", "Name of this node (default: the hostname)", cxxopts::value<std::string>())(
      "cri-socket", "Container runtime socket (default: detected)", cxxopts::value<std::string>())(
      "apiserver-advertise-address", "For --control-plane: this node's API server address",
      cxxopts::value<std::string>())("apiserver-bind-port", "For --control-plane: the API server port",
                                     cxxopts::value<std::string>())(
      "ignore-preflight-errors", "Checks whose errors become warnings, comma-separated, or all",
      cxxopts::value<std::vector<std::string>>())("fix", "Repair what can be repaired")(
      "dry-run", "Change nothing: write into --root-dir or a temporary directory, print commands")(
      "root-dir", "Treat DIR as the machine's root", cxxopts::value<std::string>())(
      "o,output", "text or json", cxxopts::value<std::string>()->default_value("text"))("h,help",
                                                                                        "Show this help");
  config::InitFlags flags;
  bool control_plane = false, fix = false;
  std::string root = "/";
  bool root_given = false;
  OutputFormat format = requested_output(args);
  try {
    std::vector<char*> rest = {args[0]};
    rest.insert(rest.end(), args.begin() + 3, args.end());
    auto parsed = options.parse(static_cast<int>(rest.size()), rest.data());
    if (parsed.count("help")) {
      std::cout << kUsage << options.help();
      return 0;
    }
    if (!parsed.unmatched().empty())
      return report_error(
          Error{ErrorKind::InvalidInput, "unexpected argument " + quote(parsed.unmatched().front()),
                "join phase preflight takes flags only", "see 'kubestrap join --help'"},
          format);
    control_plane = parsed.count("control-plane") > 0;
    fix = parsed.count("fix") > 0;
    flags.dry_run = parsed.count("dry-run") > 0;
    if (parsed.count("node-name")) flags.node_name = parsed["node-name"].as<std::string>();
    if (parsed.count("cri-socket")) flags.cri_socket = parsed["cri-socket"].as<std::string>();
    if (parsed.count("apiserver-advertise-address"))
      flags.apiserver_advertise_address = parsed["apiserver-advertise-address"].as<std::string>();
    if (parsed.count("apiserver-bind-port")) {
      auto port = parse_port_flag("--apiserver-bind-port", parsed["apiserver-bind-port"].as<std::string>());
      if (!port) return report_error(port.error(), format);
      flags.apiserver_bind_port = *port;
    }
    if (parsed.count("ignore-preflight-errors"))
      flags.ignore_preflight_errors = parsed["ignore-preflight-errors"].as<std::vector<std::string>>();
    if (parsed.count("root-dir")) {
      root = parsed["root-dir"].as<std::string>();
      root_given = true;
    }
    auto output = parse_output_format(parsed["output"].as<std::string>());
    if (!output) return report_error(output.error(), format);
    format = *output;
  } catch (const cxxopts::exceptions::exception& e) {
    return report_error(flag_error("kubestrap join phase preflight", e), format);
  }
  auto node = node_root(root_given ? std::optional(root) : std::nullopt, flags.dry_run);
  if (!node) return report_error(node.error(), format);
  root = *node;
  workflow::TextReporter text_reporter(std::cout, std::cerr);
  workflow::JsonReporter json_reporter;
  workflow::Reporter& reporter =
      format == OutputFormat::Json ? static_cast<workflow::Reporter&>(json_reporter) : text_reporter;
  RealHost real_host(root, flags.dry_run, [&](const std::string& text) { reporter.line("dryrun", text); });
  auto loaded = config::load_init_config(flags, real_host.view());
  if (!loaded) return report_error(loaded.error(), format, json_reporter.document());
  const auto& config = loaded->config;
  kube::cri::GrpcConnector cri(real_host.view().files, real_host.view().clock);
  auto role = control_plane ? preflight::Role::JoinControlPlane : preflight::Role::JoinWorker;
  preflight::Context context{real_host.view(), config, cri, control_plane};
  auto status = preflight::run_preflight(
      context, preflight::checks_for(config, role),
      {config.node_registration.ignore_preflight_errors, fix, flags.dry_run}, reporter);
  if (format == OutputFormat::Json) {
    if (!status) return report_error(status.error(), format, json_reporter.document());
    std::cout << json_text(json_reporter.document()) << '\n';
    return 0;
  }
  return status ? 0 : report_error(status.error());
}

}  // namespace ks::cli
