#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/control_plane/authorizer.hpp"

namespace ks::standin {

// The node's identity as kube-apiserver's node identifier reads it: a user in group system:nodes named
// system:node:<name>. nullopt for anyone else; "" for a node whose name is missing.
std::optional<std::string> node_name_of(const UserInfo& user);

// Every stored Pod (the node authorizer's graph is built from the Pods bound to each node).
using PodSource = std::function<std::vector<nlohmann::json>()>;

// The 1.32 node authorizer (plugin/pkg/auth/authorizer/node/node_authorizer.go, with
// AuthorizeNodeWithSelectors on, as it is by default in 1.32): a node reads only its own Node (a list needs a
// metadata.name field selector naming it), lists Pods only with a spec.nodeName selector naming it, reads
// Secrets, ConfigMaps and claims only when a Pod bound to it references them, touches only its own Lease in
// kube-node-lease, and gets the static node rules (bootstrappolicy.NodeRules) for everything else. Not a
// node: no opinion, and no reason.
Decision authorize_node(const UserInfo& user, const Attributes& request, const PodSource& pods);

}  // namespace ks::standin
