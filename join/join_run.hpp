// The state `kubestrap join`'s phases share for one run, and the phase tree. Each phase is a few lines
// over this state; the workflow runner gives `join phase <name>`, --skip-phases, dry runs and timings.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "host/host.hpp"
#include "join/cluster_settings.hpp"
#include "kube/api.hpp"
#include "kube/cri/runtime.hpp"
#include "kube/health.hpp"
#include "kube/kubeconfig.hpp"
#include "workflow/phase.hpp"
#include "workflow/reporter.hpp"

namespace ks::joining {

struct JoinRun {
  JoinRun(const config::JoinConfiguration& config, const host::Host& host, workflow::Reporter& reporter);

  const config::JoinConfiguration& config;
  const host::Host& host;
  workflow::Reporter& reporter;
  // How preflight reaches the container runtime; how the run reaches a server it does not trust yet
  // (discovery's first read), then the cluster through a verified CA; how the kubelet's health is asked.
  // Tests put fakes here; phases never build their own.
  std::unique_ptr<kube::cri::Connector> cri;
  std::unique_ptr<kube::ApiFactory> unverified_factory;
  std::unique_ptr<kube::ApiFactory> api_factory;
  std::unique_ptr<kube::HealthProber> health_prober;
  bool fix_host = false;
  // Between two reads of cluster-info (kubeadm: 5 s).
  std::chrono::nanoseconds discovery_interval = std::chrono::seconds(5);
  // How often the kubelet's health and its kubelet.conf are looked at: often enough that join moves on
  // within a few tens of milliseconds of the kubelet (kubeadm looks every second).
  std::chrono::milliseconds poll_interval{20};
  // What a script wants from join (--output json).
  nlohmann::json results = nlohmann::json::object();

  // The cluster to join, found once: its server and CA through token discovery or --discovery-file, and
  // the credential the kubelet bootstraps with.
  Result<const kube::Kubeconfig*> bootstrap_kubeconfig();
  // A client of that cluster with the bootstrap credential.
  Result<kube::Api*> bootstrap_api();
  // The cluster's settings (kubeadm-config, kubelet-config) read through bootstrap_api, once.
  Result<const ClusterSettings*> cluster_settings();
  // API requests sent so far: discovery's and the bootstrap client's.
  int api_requests() const;

 private:
  Result<kube::Kubeconfig> discover();
  std::optional<kube::Kubeconfig> bootstrap_;
  std::unique_ptr<kube::Api> bootstrap_api_;
  std::optional<ClusterSettings> settings_;
  int discovery_requests_ = 0;
};

// The user and cluster names of bootstrap-kubelet.conf, as kubeadm writes it.
inline constexpr std::string_view kBootstrapUser = "tls-bootstrap-token-user";
inline constexpr std::string_view kBootstrapKubeconfig = "/etc/kubernetes/bootstrap-kubelet.conf";
inline constexpr std::string_view kKubeletKubeconfig = "/etc/kubernetes/kubelet.conf";

// What the configuration loader cannot check (it does not know certificates): the CA pins and the tokens
// parse. Called before the first phase, so that a bad value changes nothing.
Status check_join_input(const config::JoinConfiguration& config);

std::vector<workflow::Phase> join_phases(JoinRun& run);

workflow::Phase preflight_phase(JoinRun& run);
workflow::Phase kubelet_start_phase(JoinRun& run);

}  // namespace ks::joining
