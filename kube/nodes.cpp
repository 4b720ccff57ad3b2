#include "kube/nodes.hpp"

#include <nlohmann/json.hpp>

#include "base/json_access.hpp"
#include "config/constants.hpp"
#include "kube/api.hpp"

namespace ks::kube {

using nlohmann::json;

Result<json> wait_for_node(Api& api, const std::string& name, std::chrono::nanoseconds timeout,
                           host::Clock& clock) {
  auto path = "/api/v1/nodes/" + name;
  auto start = clock.monotonic();
  while (true) {
    auto node = api.get(path);
    if (node) return *node;
    if (!node.error().is(404)) return std::unexpected(node.error());
    if (clock.monotonic() - start > timeout)
      return failure("waiting for Node " + name, "the kubelet has not registered it",
                     "check the kubelet: 'journalctl -xeu kubelet'; its node name must be " + name);
    clock.sleep_for(std::chrono::milliseconds(100));
  }
}

json control_plane_node_patch(const json& node, const std::vector<config::Taint>& wanted) {
  auto taints = member(member(node, "spec"), "taints");
  if (!taints.is_array()) taints = json::array();
  for (const auto& taint : wanted) {
    bool present = false;
    for (const auto& existing : taints)
      present = present || (string_member(existing, "key") == taint.key &&
                            string_member(existing, "effect") == taint.effect);
    if (present) continue;
    json entry = {{"key", taint.key}, {"effect", taint.effect}};
    if (!taint.value.empty()) entry["value"] = taint.value;
    taints.push_back(entry);
  }
  return {{"metadata",
           {{"labels",
             {{std::string(constants::kControlPlaneLabel), ""},
              {std::string(constants::kExcludeFromLoadBalancersLabel), ""}}}}},
          {"spec", {{"taints", taints}}}};
}

}  // namespace ks::kube
