#include <openssl/sha.h>

#include <fmt/format.h>

#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "config/encode.hpp"
#include "kube/objects.hpp"
#include "phases/init_run.hpp"
#include "templates/kubelet_files.hpp"

namespace ks::phases {

namespace {

using nlohmann::json;
const std::string kBootstrappers(constants::kBootstrapTokenDefaultGroup);
const std::string kNodes(constants::kNodesGroup);

std::string sha256_hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  for (auto byte : digest) hex += fmt::format("{:02x}", byte);
  return hex;
}

// The binding that makes admin.conf's group an administrator. admin.conf cannot create it before it
// exists, so on Forbidden it is made through super-admin.conf (system:masters), as kubeadm does.
Status ensure_cluster_admins(InitRun& run) {
  auto binding =
      kube::cluster_role_binding(std::string(constants::kClusterAdminsGroup), "cluster-admin",
                                 {kube::subject("Group", std::string(constants::kClusterAdminsGroup))});
  auto* admin = KS_TRY(run.api());
  auto path = kube::collection_path(binding);
  auto response = KS_TRY(admin->request("POST", path, binding));
  if (response.ok() || response.status == 409) return {};
  if (response.status != 403) return std::unexpected(kube::api_error("POST", path, response));
  run.reporter.line("upload-config", "admin.conf may not create its own binding yet; using super-admin.conf");
  auto* super_admin = KS_TRY(run.super_admin_api());
  return kube::apply(*super_admin, {binding});
}

// A Role allowing `get` on one ConfigMap in kube-system, bound to the given groups.
std::vector<json> readable_config_map(const std::string& name, const std::string& config_map,
                                      const std::vector<std::string>& groups) {
  auto subjects = json::array();
  for (const auto& group : groups) subjects.push_back(kube::subject("Group", group));
  return {kube::role(name, "kube-system", {kube::rule({""}, {"configmaps"}, {"get"}, {config_map})}),
          kube::role_binding(name, "kube-system", "Role", name, subjects)};
}

}  // namespace

workflow::Phase upload_config_phase(InitRun& run) {
  workflow::Phase phase{"upload-config", "Store the cluster and kubelet configuration in ConfigMaps"};
  workflow::Phase kubeadm{"kubeadm", "Store the ClusterConfiguration in kube-system/kubeadm-config"};
  kubeadm.run = [&run]() -> Status {
    KS_CHECK(ensure_cluster_admins(run));
    auto* api = KS_TRY(run.api());
    run.reporter.line("upload-config",
                      "Storing the configuration in ConfigMap \"kubeadm-config\" in kube-system");
    auto document = to_yaml(config::encode_cluster_configuration(run.config.cluster));
    std::vector<json> objects = {kube::config_map(std::string(constants::kKubeadmConfigMap), "kube-system",
                                                  {{"ClusterConfiguration", document}})};
    for (auto& object :
         readable_config_map("kubeadm:nodes-kubeadm-config", std::string(constants::kKubeadmConfigMap),
                             {kBootstrappers, kNodes}))
      objects.push_back(std::move(object));
    return kube::apply(*api, objects);
  };
  workflow::Phase kubelet{"kubelet", "Store the kubelet configuration in kube-system/kubelet-config"};
  kubelet.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    std::vector<std::string> warnings;
    auto document = to_yaml(templates::kubelet_configuration(run.config, run.node_facts(), warnings));
    run.reporter.line("kubelet",
                      "Storing the kubelet configuration in ConfigMap \"kubelet-config\" in kube-system");
    auto config_map =
        kube::config_map(std::string(constants::kKubeletConfigMap), "kube-system", {{"kubelet", document}});
    config_map["metadata"]["annotations"] = {
        {"kubeadm.kubernetes.io/component-config.hash", "sha256:" + sha256_hex(document)}};
    std::vector<json> objects = {config_map};
    for (auto& object : readable_config_map(
             "kubeadm:kubelet-config", std::string(constants::kKubeletConfigMap), {kNodes, kBootstrappers}))
      objects.push_back(std::move(object));
    return kube::apply(*api, objects);
  };
  phase.children = {kubeadm, kubelet};
  return phase;
}

workflow::Phase upload_certs_phase(InitRun& run) {
  workflow::Phase phase{"upload-certs",
                        "Store the control-plane certificates, encrypted, for other control-plane nodes"};
  phase.run = [&run]() -> Status {
    run.reporter.line("upload-certs", "Skipped: --upload-certs was not given");
    return {};
  };
  return phase;
}

}  // namespace ks::phases
