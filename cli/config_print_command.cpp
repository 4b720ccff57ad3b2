// `kubestrap config print init-defaults|join-defaults`: kubeadm's `config print`
// (cmd/kubeadm/app/cmd/config.go, newCmdConfigPrintActionDefaults). The text is a file `init --config` or
// `join --config` takes as it is.
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "cli/command.hpp"
#include "cli/config_print.hpp"
#include "config/encode.hpp"
#include "config/printed_defaults.hpp"
#include "templates/addons.hpp"
#include "templates/kubelet_files.hpp"

namespace ks::cli {

namespace {

using nlohmann::json;

constexpr std::string_view kComponentKinds = "KubeletConfiguration, KubeProxyConfiguration";

// The kube-proxy ConfigMap's config.conf, as init would upload it.
json printed_kube_proxy_configuration(const config::InitConfiguration& config,
                                      const templates::NodeFacts& facts) {
  for (const auto& object : templates::kube_proxy_objects(config, facts))
    if (object["kind"] == "ConfigMap" && object["metadata"]["name"] == "kube-proxy")
      return parse_yaml(object["data"]["config.conf"].get<std::string>()).value();
  throw std::logic_error("the kube-proxy addon template has no kube-proxy ConfigMap");
}

}  // namespace

Result<std::vector<json>> init_documents(const config::InitConfiguration& config,
                                         const std::vector<std::string>& component_kinds) {
  // No fact of this machine goes in, so that the text is the same everywhere.
  templates::NodeFacts facts;
  auto documents = config::encode_init_configuration(config);
  for (const auto& kind : component_kinds) {
    if (kind == "KubeletConfiguration") {
      std::vector<std::string> unused;  // only a user's own values are warned about
      documents.push_back(templates::kubelet_configuration(config, facts, unused));
    } else if (kind == "KubeProxyConfiguration") {
      documents.push_back(printed_kube_proxy_configuration(config, facts));
    } else {
      return invalid("--component-configs " + quote(kind),
                     "expected a comma-separated list of " + std::string(kComponentKinds));
    }
  }
  return documents;
}

namespace {

// Text: the YAML documents, as kubeadm prints them. JSON and YAML output: the same documents under
// "documents".
void print_documents(Context& context, const std::vector<json>& documents) {
  if (context.output == OutputFormat::Text)
    context.text_result = config::yaml_documents(documents);
  else
    context.result["documents"] = documents;
}

Status print_init_defaults(Context& context) {
  print_documents(context, KS_TRY(init_documents(config::printed_init_defaults(),
                                                 context.flags.list("component-configs"))));
  return {};
}

Status print_join_defaults(Context& context) {
  print_documents(context, {config::encode_join_configuration(config::printed_join_defaults())});
  return {};
}

}  // namespace

CommandSpec config_print_init_defaults_command() {
  return {
      .path = "config print init-defaults",
      .summary =
          "Print a default InitConfiguration and ClusterConfiguration (kubeadm.k8s.io/v1beta4) with "
          "placeholders, for 'kubestrap init --config'",
      .flags = {Flag::list_of(
          "component-configs", "KIND,...",
          "Also print these component configurations as init writes them: " + std::string(kComponentKinds))},
      .details =
          [] {
            return "The bootstrap token (" + std::string(config::kPlaceholderToken) +
                   "), advertiseAddress 1.2.3.4 and node name \"node\" are placeholders, as kubeadm prints "
                   "them:\nreplace them before use.\n";
          },
      .run = print_init_defaults,
  };
}

CommandSpec config_print_join_defaults_command() {
  return {
      .path = "config print join-defaults",
      .summary =
          "Print a default JoinConfiguration (kubeadm.k8s.io/v1beta4) with placeholders, for "
          "'kubestrap join --config'",
      .details =
          [] {
            return "The token (" + std::string(config::kPlaceholderToken) +
                   "), apiServerEndpoint kube-apiserver:6443 and node name \"node\" are placeholders, as "
                   "kubeadm prints them,\nand unsafeSkipCAVerification is true because there is no CA to "
                   "pin: "
                   "set caCertHashes\n('kubestrap certs ca-hash' on a control-plane node prints one) and "
                   "remove it before use.\n";
          },
      .run = print_join_defaults,
  };
}

}  // namespace ks::cli
