#include "join/cluster_settings.hpp"

#include "base/image_reference.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "base/yaml_reader.hpp"
#include "config/constants.hpp"
#include "config/decode.hpp"
#include "config/defaults.hpp"
#include "config/kubelet_configuration.hpp"
#include "config/releases.hpp"
#include "config/validate.hpp"

namespace ks::joining {

namespace {

const std::string kUploadFix =
    "run 'kubestrap init phase upload-config all' on a control-plane node, then join again";

// One key of a kube-system ConfigMap, as text.
Result<std::string> config_map_value(kube::Api& api, std::string_view name, const std::string& key) {
  auto path = "/api/v1/namespaces/kube-system/configmaps/" + std::string(name);
  auto what = "reading kube-system/" + std::string(name);
  auto object = api.get(path);
  if (!object) {
    if (object.error().is(404)) return failure(what, "the cluster has no such ConfigMap", kUploadFix);
    // The token passed discovery a moment ago: it was deleted or expired since, and the controller
    // manager's bootstrapsigner had not yet taken its signature out of cluster-info.
    if (object.error().is(401))
      return failure(what,
                     "the cluster does not accept this token: it was deleted, or it expired (the token "
                     "cleaner removes expired tokens)",
                     "create a new token on a control-plane node with 'kubestrap token create "
                     "--print-join-command' and join with it");
    return std::unexpected(Error(object.error()).context(what));
  }
  const auto& value = member(member(*object, "data"), key);
  if (!value.is_string()) return failure(what, "it has no " + quote(key) + " key", kUploadFix);
  return value.get<std::string>();
}

Result<config::InitConfiguration> cluster_configuration(kube::Api& api, std::vector<std::string>& warnings) {
  auto text = KS_TRY(config_map_value(api, constants::kKubeadmConfigMap, "ClusterConfiguration"));
  auto what = "the cluster's ClusterConfiguration (kube-system/kubeadm-config)";
  auto decoded = config::decode_init_config(text);
  if (!decoded) return std::unexpected(std::move(decoded.error()).context(what));
  auto config = std::move(decoded->config);
  for (auto& warning : decoded->warnings) warnings.push_back(what + std::string(": ") + warning);
  config::apply_static_defaults(config, warnings);
  config.bootstrap_tokens.clear();  // the defaults add init's token; a joining node has none
  // Only what this node's files are rendered from is used; that much is checked here.
  const auto& cluster = config.cluster;
  if (auto why = image_repository_problem(cluster.image_repository); !why.empty())
    return failure(what, "imageRepository " + quote(cluster.image_repository) + ": " + why, kUploadFix);
  // The node's files (the pause image, the kubelet's flags) follow the cluster's minor, so a minor this
  // kubestrap has no data for is refused before anything is written.
  if (auto release = config::release_for_version(cluster.kubernetes_version); !release) {
    auto error = std::move(release.error()).context(what);
    error.fix = "join with a kubestrap that supports Kubernetes " + cluster.kubernetes_version;
    return std::unexpected(std::move(error));
  }
  return config;
}

Result<nlohmann::json> kubelet_configuration(kube::Api& api, std::vector<std::string>& warnings) {
  auto text = KS_TRY(config_map_value(api, constants::kKubeletConfigMap, "kubelet"));
  std::string what = "the cluster's KubeletConfiguration (kube-system/kubelet-config)";
  auto document = parse_yaml(text);
  if (!document) return std::unexpected(std::move(document.error()).context(what));
  if (!document->is_object() || member(*document, "kind") != "KubeletConfiguration" ||
      member(*document, "apiVersion") != config::kKubeletConfigAPIVersion)
    return failure(what,
                   "it is not a KubeletConfiguration of " + std::string(config::kKubeletConfigAPIVersion),
                   kUploadFix);
  KS_CHECK(config::check_kubelet_configuration(*document, what, warnings));
  return *document;
}

}  // namespace

Result<ClusterSettings> read_cluster_settings(kube::Api& api, const config::JoinConfiguration& join,
                                              std::vector<std::string>& warnings) {
  ClusterSettings settings;
  settings.node = KS_TRY(cluster_configuration(api, warnings));
  settings.node.node_registration = join.node_registration;
  // A worker registers without taints unless it asks for some; a control-plane node's come later.
  if (!settings.node.node_registration.taints) settings.node.node_registration.taints.emplace();
  settings.node.timeouts = join.timeouts;
  settings.kubelet_configuration = KS_TRY(kubelet_configuration(api, warnings));
  return settings;
}

}  // namespace ks::joining
