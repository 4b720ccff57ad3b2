#include "config/constants.hpp"
#include "phases/init_run.hpp"
#include "token/join_command.hpp"

namespace ks::phases {

namespace {

std::string closing_text(bool dry_run, const std::string& join_command) {
  auto admin = std::string(constants::kKubernetesDir) + "/" + std::string(constants::kAdminKubeconfig);
  auto headline = dry_run ? "Dry run finished: a real run would now have a working control plane."
                          : "Your Kubernetes control-plane has initialized successfully!";
  return std::string(headline) +
         "\n\nTo start using your cluster, run as a regular user:\n\n"
         "  mkdir -p $HOME/.kube\n"
         "  sudo cp -i " +
         admin +
         " $HOME/.kube/config\n"
         "  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n"
         "or, as root:\n\n"
         "  export KUBECONFIG=" +
         admin +
         "\n\n"
         "Next, deploy a pod network add-on: "
         "https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\n"
         "Then join any number of worker nodes by running on each, as root:\n\n" +
         join_command + "\n";
}

}  // namespace

workflow::Phase show_join_command_phase(InitRun& run) {
  workflow::Phase phase{"show-join-command", "Print the commands that join more nodes"};
  phase.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    const auto* tokens = KS_TRY(run.tokens());
    auto token = run.skip_token_print ? std::string("<value withheld>") : tokens->front().token;
    auto command = KS_TRY(token::join_command(api->kubeconfig(), token));
    run.reporter.line("", closing_text(run.config.dry_run, command.multi_line()));
    run.results["joinCommand"] = command.one_line();
    run.results["apiServerEndpoint"] = command.endpoint;
    run.results["token"] = command.token;
    run.results["caCertHashes"] = command.ca_cert_hashes;
    return {};
  };
  return phase;
}

}  // namespace ks::phases
