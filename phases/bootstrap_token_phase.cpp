#include "base/base64.hpp"
#include "base/yaml_writer.hpp"
#include "config/constants.hpp"
#include "kube/objects.hpp"
#include "phases/init_run.hpp"
#include "token/bootstrap_token.hpp"

namespace ks::phases {

namespace {

using nlohmann::json;
const std::string kBootstrappers(constants::kBootstrapTokenDefaultGroup);

// What nodes joining with a bootstrap token may do: read Nodes, send CSRs that get approved, and renew
// their certificates once they are nodes.
std::vector<json> token_rbac() {
  auto bootstrappers = json::array({kube::subject("Group", kBootstrappers)});
  return {
      kube::cluster_role("kubeadm:get-nodes", {kube::rule({""}, {"nodes"}, {"get"})}),
      kube::cluster_role_binding("kubeadm:get-nodes", "kubeadm:get-nodes", bootstrappers),
      kube::cluster_role_binding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", bootstrappers),
      kube::cluster_role_binding("kubeadm:node-autoapprove-bootstrap",
                                 "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                                 bootstrappers),
      kube::cluster_role_binding("kubeadm:node-autoapprove-certificate-rotation",
                                 "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                                 {kube::subject("Group", std::string(constants::kNodesGroup))}),
  };
}

// kube-public/cluster-info: the cluster's address and CA for token discovery, readable by anyone; the
// controller manager's bootstrap signer adds a JWS per token.
std::vector<json> cluster_info(const kube::Kubeconfig& admin) {
  json kubeconfig = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters",
       {{{"name", ""},
         {"cluster",
          {{"certificate-authority-data", base64_encode(admin.ca_pem)}, {"server", admin.server}}}}}},
      {"contexts", nullptr},
      {"current-context", ""},
      {"preferences", json::object()},
      {"users", nullptr}};
  const std::string name = "kubeadm:bootstrap-signer-clusterinfo";
  return {kube::config_map(std::string(constants::kClusterInfoConfigMap), "kube-public",
                           {{"kubeconfig", to_yaml(kubeconfig)}}),
          kube::role(
              name, "kube-public",
              {kube::rule({""}, {"configmaps"}, {"get"}, {std::string(constants::kClusterInfoConfigMap)})}),
          kube::role_binding(name, "kube-public", "Role", name, {kube::subject("User", "system:anonymous")})};
}

}  // namespace

workflow::Phase bootstrap_token_phase(InitRun& run) {
  workflow::Phase phase{"bootstrap-token",
                        "Create the bootstrap token, its RBAC rules and the cluster-info ConfigMap"};
  phase.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    const auto* tokens = KS_TRY(run.tokens());
    std::vector<json> objects;
    for (const auto& token : *tokens) {
      run.reporter.line("bootstrap-token",
                        "Using token: " + (run.skip_token_print ? "<value withheld>" : token.token));
      objects.push_back(KS_TRY(token::token_secret(token, run.host.clock.now())));
    }
    run.reporter.line("bootstrap-token",
                      "Allowing nodes with a bootstrap token to get Nodes, send CSRs and have "
                      "them approved, and nodes to renew their certificates");
    for (auto& object : token_rbac()) objects.push_back(std::move(object));
    run.reporter.line("bootstrap-token",
                      "Creating the \"cluster-info\" ConfigMap in the \"kube-public\" namespace");
    for (auto& object : cluster_info(api->kubeconfig())) objects.push_back(std::move(object));
    return kube::apply(*api, objects);
  };
  return phase;
}

}  // namespace ks::phases
