#include "config/constants.hpp"
#include "kube/kubeconfig.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

workflow::Phase kubelet_finalize_phase(InitRun& run) {
  workflow::Phase phase{"kubelet-finalize",
                        "Point kubelet.conf at the kubelet's rotating client certificate"};
  workflow::Phase rotation{"enable-client-cert-rotation",
                           "Use /var/lib/kubelet/pki/kubelet-client-current.pem in kubelet.conf"};
  rotation.run = [&run]() -> Status {
    auto& files = run.host.files;
    const std::string current(constants::kKubeletClientCurrent);
    auto path = std::string(constants::kKubernetesDir) + "/kubelet.conf";
    if (!files.exists(current)) {
      run.reporter.line("kubelet-finalize",
                        current + " does not exist; kubelet.conf keeps its embedded certificate");
      return {};
    }
    auto kubeconfig = KS_TRY(kube::parse_kubeconfig(KS_TRY(files.read(path, constants::kKubeconfigLimit))));
    if (kubeconfig.client_certificate_file == current) return {};
    // The kubelet renews this file itself; kubelet.conf must follow it, not a copy that expires in a year.
    kubeconfig.client_certificate_pem.clear();
    kubeconfig.client_key_pem.clear();
    kubeconfig.client_certificate_file = current;
    kubeconfig.client_key_file = current;
    run.reporter.line("kubelet-finalize",
                      "Updating " + path + " to point to the rotatable client certificate " + current);
    KS_CHECK(files.write_atomic(path, kube::render_kubeconfig(kubeconfig), constants::kKubeconfigMode));
    auto restart = run.host.processes.run({{"systemctl", "restart", "kubelet"}});
    if (!restart || restart->exit_code != 0)
      run.reporter.warning("kubelet-finalize",
                           "could not restart the kubelet; run 'systemctl restart kubelet'");
    return {};
  };
  phase.children = {rotation};
  return phase;
}

}  // namespace ks::phases
