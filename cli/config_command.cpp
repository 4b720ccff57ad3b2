#include <cxxopts.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/strings.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/real_host.hpp"
#include "config/derived.hpp"
#include "config/load.hpp"
#include "kube/cri/grpc_runtime.hpp"

namespace ks::cli {

namespace {

const char* kUsage =
    "Work with kubestrap's configuration.\n\nUsage:\n"
    "  kubestrap config images list [flags]   print the images a control-plane node needs (-o json adds "
    "whether\n"
    "                                         the container runtime has each)\n"
    "  kubestrap config images pull [flags]   pull the missing ones through the container runtime (CRI)\n";

}  // namespace

int run_config(std::span<char*> args) {
  if (args.size() < 3 || std::string(args[1]) != "images" ||
      (std::string(args[2]) != "list" && std::string(args[2]) != "pull")) {
    bool help = args.size() > 1 && (std::string(args[1]) == "--help" || std::string(args[1]) == "-h");
    (help ? std::cout : std::cerr) << kUsage;
    return help ? 0 : 3;
  }
  bool pull = std::string(args[2]) == "pull";
  cxxopts::Options options(std::string("kubestrap config images ") + args[2], "");
  options.add_options()("kubernetes-version", "Kubernetes version (default v1.32.4)",
                        cxxopts::value<std::string>())(
      "image-repository", "Registry of the images (default registry.k8s.io)", cxxopts::value<std::string>())(
      "cri-socket", "Container runtime socket (default: detected)", cxxopts::value<std::string>())(
      "config", "A kubeadm configuration file", cxxopts::value<std::string>())(
      "root-dir", "Treat DIR as the machine's root (default $KUBESTRAP_ROOT_DIR or /)",
      cxxopts::value<std::string>())("o,output", "text or json",
                                     cxxopts::value<std::string>()->default_value("text"))("h,help",
                                                                                           "Show this help");
  config::InitFlags flags;
  std::optional<std::string> root_flag;
  OutputFormat format = requested_output(args);
  try {
    std::vector<char*> rest = {args[0]};
    rest.insert(rest.end(), args.begin() + 3, args.end());
    auto parsed = options.parse(static_cast<int>(rest.size()), rest.data());
    if (parsed.count("help")) {
      std::cout << kUsage << options.help();
      return 0;
    }
    for (auto [name, field] : {std::pair{"kubernetes-version", &flags.kubernetes_version},
                               {"image-repository", &flags.image_repository},
                               {"cri-socket", &flags.cri_socket},
                               {"config", &flags.config_path}})
      if (parsed.count(name)) *field = parsed[name].as<std::string>();
    for (const auto& argument : parsed.arguments()) flags.given.push_back(argument.key());
    if (parsed.count("root-dir")) root_flag = parsed["root-dir"].as<std::string>();
    auto output = parse_output_format(parsed["output"].as<std::string>());
    if (!output) return report_error(output.error(), format);
    format = *output;
  } catch (const cxxopts::exceptions::exception& e) {
    return report_error(flag_error("kubestrap config images", e), format);
  }
  // The images do not depend on this node's address or name; fixed values keep the command usable anywhere.
  if (!flags.config_path) {
    flags.apiserver_advertise_address = "10.0.0.1";
    flags.node_name = "node";
  }
  auto root = node_root(root_flag, false);
  if (!root) return report_error(root.error(), format);
  RealHost real_host(*root, false, [](const std::string&) {});
  auto loaded = config::load_init_config(flags, real_host.view());
  if (!loaded) return report_error(loaded.error(), format);
  const auto& config = loaded->config;
  auto images = config::control_plane_images(config);

  kube::cri::GrpcConnector connector(real_host.view().files, real_host.view().clock);
  const auto& endpoint = config.node_registration.cri_socket;
  std::unique_ptr<kube::cri::Runtime> runtime;
  if (pull || format == OutputFormat::Json) {
    auto connected = connector.connect(endpoint);
    if (!connected) return report_error(connected.error(), format);
    runtime = std::move(*connected);
  }
  nlohmann::json listing = nlohmann::json::array();
  int failures = 0;
  for (const auto& image : images) {
    std::optional<bool> present;
    if (runtime) {
      auto status = runtime->image_status(image);
      if (!status) return report_error(status.error(), format);
      present = status->has_value();
    }
    if (!pull) {
      if (format == OutputFormat::Text) std::cout << image << '\n';
      listing.push_back(
          {{"image", image}, {"present", present ? nlohmann::json(*present) : nlohmann::json()}});
      continue;
    }
    if (*present) {
      std::cout << "[config/images] Already present: " << image << '\n';
      continue;
    }
    auto pulled = runtime->pull_image(image);
    if (pulled) {
      std::cout << "[config/images] Pulled " << image << '\n';
    } else {
      ++failures;
      std::cerr << "[config/images] Could not pull " << image << ": " << pulled.error().why << '\n';
    }
  }
  if (!pull && format == OutputFormat::Json) std::cout << json_text({{"images", listing}}) << '\n';
  if (failures)
    return report_error(
        Error{ErrorKind::Failure, std::to_string(failures) + " image(s) could not be pulled",
              "the container runtime at " + endpoint + " reported the errors above",
              "check the node's network and registry access (or --image-repository), then run again"},
        format);
  return 0;
}

}  // namespace ks::cli
