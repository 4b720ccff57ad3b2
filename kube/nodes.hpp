#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "config/types.hpp"
#include "host/clock.hpp"

namespace ks::kube {

class Api;

// The kubelet registers its Node a moment after the API server is up: polls for it (every 100 ms) until
// it exists or the timeout passes.
Result<nlohmann::json> wait_for_node(Api& api, const std::string& name, std::chrono::nanoseconds timeout,
                                     host::Clock& clock);

// kubeadm's PatchNode (cmd/kubeadm/app/util/apiclient): waits for the Node, then sends the strategic merge
// patch `make_patch` computes from it, always (an empty one when nothing changes), as kubeadm does.
Status patch_node(Api& api, const std::string& name, std::chrono::nanoseconds timeout, host::Clock& clock,
                  const std::function<nlohmann::json(const nlohmann::json& node)>& make_patch);

// The patch that marks a Node as a control-plane node, as kubeadm's two-way diff of the Node before and
// after markControlPlaneNode (phases/markcontrolplane/markcontrolplane.go) makes it: the two labels where
// the Node lacks them; spec.taints only when the list changes. NodeSpec.taints is an atomic list (a patch
// replaces it whole), so then the patch holds the whole new list: the wanted taints first, then the
// Node's others. kubeadm keeps an existing taint unless it equals a wanted one; kubestrap also drops one
// with a wanted taint's key and effect (the wanted one replaces it), where kubeadm would send both and
// the API server refuse the pair ("taints must be unique by key and effect pair").
nlohmann::json control_plane_node_patch(const nlohmann::json& node, const std::vector<config::Taint>& wanted);

// The Node annotation in which kubeadm 1.32 records the node's CRI socket (upload-config/kubelet at init,
// kubelet-start at join; phases/patchnode/patchnode.go); kubeadm upgrade reads the runtime from it.
inline constexpr const char* kCriSocketAnnotation = "kubeadm.alpha.kubernetes.io/cri-socket";

// The patch that records `cri_socket` in that annotation; empty when the Node already has that value.
nlohmann::json cri_socket_annotation_patch(const nlohmann::json& node, const std::string& cri_socket);

}  // namespace ks::kube
