#include "kube/config_uploads.hpp"
#include "kube/objects.hpp"
#include "phases/init_run.hpp"
#include "templates/addons.hpp"

namespace ks::phases {

workflow::Phase addon_phase(InitRun& run) {
  workflow::Phase phase{"addon", "Install the CoreDNS and kube-proxy addons"};
  workflow::Phase coredns{"coredns", "Install CoreDNS (Deployment, kube-dns Service at the 10th service IP)"};
  coredns.enabled = [&run] { return !run.config.cluster.dns.disabled; };
  coredns.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    KS_CHECK(kube::apply(*api, templates::coredns_objects(run.config)));
    run.reporter.line("addons", "Applied essential addon: CoreDNS");
    return {};
  };
  workflow::Phase kube_proxy{"kube-proxy", "Install kube-proxy (DaemonSet, its ConfigMap with the pod CIDR)"};
  kube_proxy.enabled = [&run] { return !run.config.cluster.proxy_disabled; };
  kube_proxy.run = [&run]() -> Status {
    auto* api = KS_TRY(run.api());
    // Signed as kubeadm signs the ConfigMap of a KubeProxyConfiguration it generated (addons/proxy/proxy.go).
    auto origin = kube::component_config_origin(*run.config.kube_proxy_configuration);
    auto objects = templates::kube_proxy_objects(run.config, run.node_facts());
    KS_CHECK(kube::apply(*api, kube::with_component_config_signed(std::move(objects), origin)));
    run.reporter.line("addons", "Applied essential addon: kube-proxy");
    return {};
  };
  phase.children = {coredns, kube_proxy};
  return phase;
}

}  // namespace ks::phases
