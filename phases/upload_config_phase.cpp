#include "base/yaml_writer.hpp"
#include "config/encode.hpp"
#include "kube/bootstrap_rbac.hpp"
#include "kube/config_uploads.hpp"
#include "kube/nodes.hpp"
#include "kube/objects.hpp"
#include "phases/init_run.hpp"
#include "templates/kubelet_files.hpp"

namespace ks::phases {

workflow::Phase upload_config_phase(InitRun& run) {
  workflow::Phase phase{"upload-config", "Store the cluster and kubelet configuration in ConfigMaps"};
  workflow::Phase kubeadm{"kubeadm", "Store the ClusterConfiguration in kube-system/kubeadm-config"};
  kubeadm.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    KS_CHECK(kube::ensure_cluster_admins(
        *api, [&run] { return run.super_admin_api(); },
        [&run](const std::string& text) { run.reporter.line("upload-config", text); }));
    run.reporter.line("upload-config",
                      "Storing the configuration in ConfigMap \"kubeadm-config\" in kube-system");
    auto document = to_yaml(config::encode_cluster_configuration(run.config.cluster));
    return kube::apply(*api, kube::kubeadm_config_objects(document));
  };
  workflow::Phase kubelet{"kubelet", "Store the kubelet configuration in kube-system/kubelet-config"};
  kubelet.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    std::vector<std::string> warnings;
    auto document = to_yaml(templates::kubelet_configuration(run.config, run.node_facts(), warnings));
    run.reporter.line("kubelet",
                      "Storing the kubelet configuration in ConfigMap \"kubelet-config\" in kube-system");
    auto origin = kube::component_config_origin(*run.config.kubelet_configuration);
    KS_CHECK(kube::apply(*api, kube::kubelet_config_objects(document, origin)));
    // kubeadm then records the CRI socket on this node's Node object (init phases uploadconfig.go,
    // runUploadKubeletConfig, through patchnode.AnnotateCRISocket), where kubeadm upgrade looks for it;
    // not with NodeLocalCRISocket, whose node keeps it in its instance configuration instead.
    if (templates::cri_socket_is_node_local(run.config)) return {};
    const auto& node = run.config.node_registration;
    return kube::patch_node(*api, node.name, run.config.timeouts.kubernetes_api_call, run.host.clock,
                            [&node](const auto& existing) {
                              return kube::cri_socket_annotation_patch(existing, node.cri_socket);
                            });
  };
  phase.children = {kubeadm, kubelet};
  return phase;
}

}  // namespace ks::phases
