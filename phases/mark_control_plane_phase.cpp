#include <chrono>

#include "base/json_access.hpp"
#include "config/constants.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// The kubelet registers the Node a moment after the API server is up; wait for it like kubeadm.
Result<json> wait_for_node(InitRun& run, kube::ApiClient& api, const std::string& name) {
  auto path = "/api/v1/nodes/" + name;
  auto start = run.host.clock.monotonic();
  while (true) {
    auto response = KS_TRY(api.request("GET", path));
    if (response.ok()) return response.body;
    if (response.status != 404) return std::unexpected(kube::api_error("GET", path, response));
    if (run.host.clock.monotonic() - start > run.config.timeouts.kubernetes_api_call)
      return failure("waiting for Node " + name, "the kubelet has not registered it",
                     "check the kubelet: 'journalctl -xeu kubelet'; its node name must be " + name);
    run.host.clock.sleep_for(100ms);
  }
}

}  // namespace

workflow::Phase mark_control_plane_phase(InitRun& run) {
  workflow::Phase phase{"mark-control-plane", "Label and taint this node as a control-plane node"};
  phase.run = [&run]() -> Status {
    const auto& name = run.config.node_registration.name;
    auto* api = KS_TRY(run.api());
    auto node = KS_TRY(wait_for_node(run, *api, name));
    std::vector<config::Taint> wanted = run.config.node_registration.taints.value_or(
        std::vector<config::Taint>{{"node-role.kubernetes.io/control-plane", "", "NoSchedule"}});
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
    run.reporter.line("mark-control-plane",
                      "Marking node " + name +
                          " as control-plane: labels node-role.kubernetes.io/control-plane, "
                          "node.kubernetes.io/exclude-from-external-load-balancers");
    json patch = {{"metadata",
                   {{"labels",
                     {{"node-role.kubernetes.io/control-plane", ""},
                      {"node.kubernetes.io/exclude-from-external-load-balancers", ""}}}}},
                  {"spec", {{"taints", taints}}}};
    KS_TRY(api->patch("/api/v1/nodes/" + name, patch));
    return {};
  };
  return phase;
}

}  // namespace ks::phases
