#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "kube/api.hpp"
#include "tests/support/kubelet/mirror_pod.hpp"

namespace ks::standin {

// Who the node is, as its mirror Pods name it.
struct NodeRef {
  std::string name;
  std::string uid;
  std::string internal_ip;
};

// One pass of the kubelet keeping the API's mirror Pods in step with its static Pods (pkg/kubelet/kubelet.go
// SyncPod and HandlePodCleanups, pkg/kubelet/pod/mirror_client.go), through the node's own credentials:
// the Pods bound to the node are listed (spec.nodeName field selector); a static Pod without a mirror Pod
// gets one; a mirror Pod whose kubernetes.io/config.mirror is not the static Pod's hash, or that is being
// deleted, is deleted (grace period 0, uid precondition) and created again; a mirror Pod without a static
// Pod is deleted; and each mirror Pod's status is written through pods/<name>/status when it differs from
// what the kubelet sees. `now` is RFC 3339.
Status sync_mirror_pods(kube::Api& api, const std::vector<StaticPod>& pods, const NodeRef& node,
                        const std::string& now);

}  // namespace ks::standin
