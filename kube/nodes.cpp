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

Status patch_node(Api& api, const std::string& name, std::chrono::nanoseconds timeout, host::Clock& clock,
                  const std::function<json(const json& node)>& make_patch) {
  auto node = KS_TRY(wait_for_node(api, name, timeout, clock));
  KS_TRY(api.patch("/api/v1/nodes/" + name, make_patch(node)));
  return {};
}

namespace {

// A taint as Go marshals a v1.Taint: value and timeAdded left out when empty.
json canonical_taint(const json& taint) {
  json out = {{"key", string_member(taint, "key")}};
  if (auto value = string_member(taint, "value"); !value.empty()) out["value"] = value;
  out["effect"] = string_member(taint, "effect");
  if (auto added = member(taint, "timeAdded"); !added.is_null()) out["timeAdded"] = added;
  return out;
}

json taint_of(const config::Taint& taint) {
  return canonical_taint({{"key", taint.key}, {"value", taint.value}, {"effect", taint.effect}});
}

bool same_key_and_effect(const json& a, const json& b) {
  return a["key"] == b["key"] && a["effect"] == b["effect"];
}

}  // namespace

json control_plane_node_patch(const json& node, const std::vector<config::Taint>& wanted) {
  json patch = json::object();
  const auto& labels = member(member(node, "metadata"), "labels");
  for (auto label : {constants::kControlPlaneLabel, constants::kExcludeFromLoadBalancersLabel}) {
    std::string key(label);
    if (member(labels, key) != "") patch["metadata"]["labels"][key] = "";
  }

  json before = json::array();
  if (auto taints = member(member(node, "spec"), "taints"); taints.is_array())
    for (const auto& taint : taints) before.push_back(canonical_taint(taint));
  json added = json::array();
  for (const auto& taint : wanted) added.push_back(taint_of(taint));
  json after = added;
  for (const auto& taint : before) {
    bool replaced = false;
    for (const auto& one : added) replaced = replaced || same_key_and_effect(taint, one);
    if (!replaced) after.push_back(taint);
  }
  if (after != before) patch["spec"]["taints"] = after;
  return patch;
}

json cri_socket_annotation_patch(const json& node, const std::string& cri_socket) {
  const auto& annotations = member(member(node, "metadata"), "annotations");
  if (member(annotations, kCriSocketAnnotation) == cri_socket) return json::object();
  return {{"metadata", {{"annotations", {{kCriSocketAnnotation, cri_socket}}}}}};
}

}  // namespace ks::kube
