#include <nlohmann/json.hpp>
#include "kube/bootstrap_rbac.hpp"
#include "kube/objects.hpp"
#include "phases/init_run.hpp"
#include "token/bootstrap_token.hpp"
#include "token/cluster_info.hpp"

namespace ks::phases {

workflow::Phase bootstrap_token_phase(InitRun& run) {
  workflow::Phase phase{"bootstrap-token",
                        "Create the bootstrap token, its RBAC rules and the cluster-info ConfigMap"};
  phase.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    const auto* tokens = KS_TRY(run.tokens());
    std::vector<nlohmann::json> objects;
    for (const auto& token : *tokens) {
      run.reporter.line("bootstrap-token",
                        "Using token: " + (run.skip_token_print ? "<value withheld>" : token.token));
      objects.push_back(KS_TRY(token::token_secret(token, run.host.clock.now())));
    }
    run.reporter.line("bootstrap-token",
                      "Allowing nodes with a bootstrap token to get Nodes, send CSRs and have "
                      "them approved, and nodes to renew their certificates");
    for (auto& object : kube::bootstrap_token_rbac()) objects.push_back(std::move(object));
    run.reporter.line("bootstrap-token",
                      "Creating the \"cluster-info\" ConfigMap in the \"kube-public\" namespace");
    for (auto& object : token::cluster_info_objects(api->kubeconfig())) objects.push_back(std::move(object));
    return kube::apply(*api, objects);
  };
  return phase;
}

}  // namespace ks::phases
