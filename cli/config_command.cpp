#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/init_flags.hpp"
#include "config/derived.hpp"
#include "config/load.hpp"
#include "kube/cri/grpc_runtime.hpp"
#include "workflow/reporter.hpp"

namespace ks::cli {

namespace {

std::vector<Flag> image_flags() {
  return {
      Flag::text("kubernetes-version", "VERSION", "Kubernetes version (default v1.32.4)"),
      Flag::text("image-repository", "REGISTRY", "Registry of the images (default registry.k8s.io)"),
      Flag::text("cri-socket", "URL", "Container runtime socket (default: detected)"),
      Flag::text("config", "FILE", "A kubeadm configuration file"),
  };
}

Result<config::InitConfiguration> image_config(const Context& context) {
  auto flags = KS_TRY(read_init_flags(context));
  // The images do not depend on this node's address or name; fixed values keep the command usable anywhere.
  if (!flags.config_path) {
    flags.apiserver_advertise_address = "10.0.0.1";
    flags.node_name = "node";
  }
  return KS_TRY(config::load_init_config(flags, context.host)).config;
}

Result<std::unique_ptr<kube::cri::Runtime>> connect(const Context& context,
                                                    const config::InitConfiguration& config) {
  return kube::cri::GrpcConnector(context.host.files, context.host.clock)
      .connect(config.node_registration.cri_socket);
}

// Text: one image per line, as kubeadm prints them. JSON: each with whether the runtime has it.
Status list_images(Context& context) {
  auto config = KS_TRY(image_config(context));
  auto images = config::control_plane_images(config);
  if (context.output == OutputFormat::Text) {
    for (const auto& image : images) context.text_result += image + '\n';
    return {};
  }
  auto runtime = KS_TRY(connect(context, config));
  nlohmann::json listing = nlohmann::json::array();
  for (const auto& image : images) {
    auto status = KS_TRY(runtime->image_status(image));
    listing.push_back({{"image", image}, {"present", status.has_value()}});
  }
  context.result["images"] = listing;
  return {};
}

Status pull_images(Context& context) {
  auto config = KS_TRY(image_config(context));
  auto runtime = KS_TRY(connect(context, config));
  auto& reporter = context.reporter;
  nlohmann::json listing = nlohmann::json::array();
  int failures = 0;
  for (const auto& image : config::control_plane_images(config)) {
    bool present = KS_TRY(runtime->image_status(image)).has_value();
    std::string outcome = "present";
    if (present) {
      reporter.line("config/images", "Already present: " + image);
    } else if (auto pulled = runtime->pull_image(image)) {
      reporter.line("config/images", "Pulled " + image);
      outcome = "pulled";
    } else {
      ++failures;
      reporter.warning("config/images", "Could not pull " + image + ": " + pulled.error().why);
      outcome = "failed";
    }
    listing.push_back({{"image", image}, {"status", outcome}});
  }
  context.result["images"] = listing;
  if (failures)
    return failure(
        std::to_string(failures) + " image(s) could not be pulled",
        "the container runtime at " + config.node_registration.cri_socket + " reported the errors above",
        "check the node's network and registry access (or --image-repository), then run again");
  return {};
}

}  // namespace

CommandGroup config_group() {
  return {.path = "config",
          .summary =
              "Print, check and migrate kubeadm configuration files; list and pull the images a node "
              "needs"};
}

CommandSpec config_images_list_command() {
  return {
      .path = "config images list",
      .summary =
          "Print the images a control-plane node needs (-o json adds whether the container runtime has "
          "each)",
      .flags = image_flags(),
      .run = list_images,
  };
}

CommandSpec config_images_pull_command() {
  return {
      .path = "config images pull",
      .summary = "Pull the images a control-plane node needs that the container runtime does not have (CRI)",
      .flags = image_flags(),
      .run = pull_images,
  };
}

}  // namespace ks::cli
