#pragma once

#include <chrono>
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

// The patch that marks a Node as a control-plane node: kubeadm's two labels, and the wanted taints added
// to the ones it has (a taint with the same key and effect counts as present).
nlohmann::json control_plane_node_patch(const nlohmann::json& node, const std::vector<config::Taint>& wanted);

}  // namespace ks::kube
