#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "kube/api.hpp"
#include "tests/support/kubelet/machine_info.hpp"
#include "tests/support/kubelet/node_address.hpp"

namespace ks::standin {

// The kubelet's version, as it reports it (--version prints the same).
inline constexpr const char* kKubeletVersion = "v1.32.4";
// The runtime the node reports: Debian bookworm's containerd, which the tests run.
inline constexpr const char* kContainerRuntimeVersion = "containerd://1.6.20";

// The status the kubelet's setters compute (pkg/kubelet/nodestatus/setters.go): addresses, nodeInfo
// (kubeProxyVersion still the kubelet's version: DisableNodeKubeProxyVersion is off by default in 1.32),
// capacity and allocatable (the default hard eviction thresholds memory.available<100Mi and
// nodefs.available<10% taken off, maxPods 110), the MemoryPressure, DiskPressure, PIDPressure and Ready
// conditions with `now` as heartbeat — a condition keeps its lastTransitionTime from `previous` while its
// status stays —, and the kubelet's port in daemonEndpoints.
nlohmann::json node_status(const MachineInfo& machine, const std::vector<NodeAddress>& addresses,
                           const std::string& now, const nlohmann::json& previous);

// The Node the kubelet registers (pkg/kubelet/kubelet_node_status.go initialNode): the kubelet's own
// labels (hostname, os, arch and their beta forms), the controller-managed attach/detach annotation, an
// empty spec and the status above.
nlohmann::json node_to_register(const std::string& name, const std::string& architecture,
                                const nlohmann::json& status);

// The kubelet's node status loop (kubelet_node_status.go tryUpdateNodeStatus): every
// nodeStatusUpdateFrequency it computes the status, and patches nodes/<name>/status (strategic merge) only
// when something other than the heartbeat changed or nodeStatusReportFrequency (5m) has passed since the
// last report — the Lease, not the Node, is the heartbeat.
class NodeStatusReporter {
 public:
  explicit NodeStatusReporter(std::string name) : name_(std::move(name)) {}
  // After registration: the status the Node was created with is the last report.
  void registered(nlohmann::json status, std::chrono::steady_clock::time_point at);
  Status update(kube::Api& api, nlohmann::json status, std::chrono::steady_clock::time_point at);
  const nlohmann::json& last() const { return last_; }

 private:
  std::string name_;
  nlohmann::json last_;
  std::chrono::steady_clock::time_point reported_at_{};
};

}  // namespace ks::standin
