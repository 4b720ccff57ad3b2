#include "base/strings.hpp"
#include "certs/certificate.hpp"
#include "certs/pin.hpp"
#include "config/constants.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

workflow::Phase show_join_command_phase(InitRun& run) {
  workflow::Phase phase{"show-join-command", "Print the commands that join more nodes"};
  phase.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    const auto& admin = api->kubeconfig();
    std::vector<std::string> hashes;
    for (const auto& ca : KS_TRY(certs::parse_certificates(admin.ca_pem)))
      hashes.push_back(certs::public_key_pin(ca.get()));
    auto endpoint = admin.server.substr(admin.server.find("://") + 3);
    const auto* tokens = KS_TRY(run.tokens());
    auto token = run.skip_token_print ? std::string("<value withheld>") : tokens->front().token;
    // The join command keeps kubeadm's exact shape: people and scripts copy it.
    std::string command = "kubestrap join " + endpoint + " --token " + token + " \\\n\t";
    std::string one_line = "kubestrap join " + endpoint + " --token " + token;
    for (const auto& hash : hashes) {
      command += "--discovery-token-ca-cert-hash " + hash + " ";
      one_line += " --discovery-token-ca-cert-hash " + hash;
    }
    auto admin_path = std::string(constants::kKubernetesDir) + "/admin.conf";
    auto headline = run.config.dry_run
                        ? std::string("Dry run finished: a real run would now have a working control plane.")
                        : std::string("Your Kubernetes control-plane has initialized successfully!");
    run.reporter.line("", headline +
                              "\n\n"
                              "To start using your cluster, run as a regular user:\n\n"
                              "  mkdir -p $HOME/.kube\n"
                              "  sudo cp -i " +
                              admin_path +
                              " $HOME/.kube/config\n"
                              "  sudo chown $(id -u):$(id -g) $HOME/.kube/config\n\n"
                              "or, as root:\n\n"
                              "  export KUBECONFIG=" +
                              admin_path +
                              "\n\n"
                              "Next, deploy a pod network add-on: "
                              "https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\n"
                              "Then join any number of worker nodes by running on each, as root:\n\n" +
                              command + "\n");
    run.results["joinCommand"] = one_line;
    run.results["apiServerEndpoint"] = endpoint;
    run.results["token"] = token;
    run.results["caCertHashes"] = hashes;
    return {};
  };
  return phase;
}

}  // namespace ks::phases
