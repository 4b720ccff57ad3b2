#include "tests/support/kubelet/mirror_pod_sync.hpp"

#include <map>

#include "base/json_access.hpp"

namespace ks::standin {

namespace {

std::string pod_path(const std::string& namespace_, const std::string& name) {
  return "/api/v1/namespaces/" + namespace_ + "/pods/" + name;
}

std::string full_name(const nlohmann::json& pod) {
  const auto& metadata = member(pod, "metadata");
  return string_member(metadata, "namespace") + "/" + string_member(metadata, "name");
}

std::string mirror_hash(const nlohmann::json& pod) {
  return string_member(member(member(pod, "metadata"), "annotations"), "kubernetes.io/config.mirror");
}

bool is_mirror(const nlohmann::json& pod) {
  return member(member(pod, "metadata"), "annotations").contains("kubernetes.io/config.mirror");
}

// DeleteMirrorPod: grace period 0, only the very Pod that was seen.
Status delete_mirror(kube::Api& api, const nlohmann::json& pod) {
  const auto& metadata = member(pod, "metadata");
  nlohmann::json options = {{"kind", "DeleteOptions"},
                            {"apiVersion", "v1"},
                            {"gracePeriodSeconds", 0},
                            {"preconditions", {{"uid", string_member(metadata, "uid")}}}};
  auto deleted = api.request(
      "DELETE", pod_path(string_member(metadata, "namespace"), string_member(metadata, "name")), options);
  if (!deleted) return std::unexpected(deleted.error());
  if (!deleted->ok() && deleted->status != 404 && deleted->status != 409)
    return failure("deleting mirror pod " + full_name(pod), deleted->message);
  return {};
}

// A status written again only when it says something new: the transition times of an unchanged state
// are kept from what is stored.
bool same_status(const nlohmann::json& stored, const nlohmann::json& wanted) {
  auto without_times = [](nlohmann::json status) {
    for (auto& each : status["conditions"]) each.erase("lastTransitionTime");
    status.erase("startTime");
    for (auto& each : status["containerStatuses"]) {
      each.erase("containerID");
      if (each["state"].contains("running")) each["state"]["running"].erase("startedAt");
    }
    return status;
  };
  if (!stored.is_object() || !stored.contains("conditions")) return false;
  return without_times(stored) == without_times(wanted);
}

}  // namespace

Status sync_mirror_pods(kube::Api& api, const std::vector<StaticPod>& pods, const NodeRef& node,
                        const std::string& now) {
  auto listed = api.get("/api/v1/pods?fieldSelector=spec.nodeName%3D" + node.name);
  if (!listed) return std::unexpected(Error(listed.error()));
  std::map<std::string, nlohmann::json> mirrors;
  for (const auto& item : member(*listed, "items"))
    if (is_mirror(item)) mirrors[full_name(item)] = item;

  for (const auto& pod : pods) {
    auto name = full_name(pod.pod);
    auto found = mirrors.find(name);
    std::optional<nlohmann::json> mirror;
    if (found != mirrors.end()) {
      mirror = found->second;
      mirrors.erase(found);
      if (mirror_hash(*mirror) != pod.hash ||
          !member(member(*mirror, "metadata"), "deletionTimestamp").is_null()) {
        KS_CHECK(delete_mirror(api, *mirror));
        mirror.reset();
      }
    }
    const auto& metadata = pod.pod["metadata"];
    auto namespace_ = string_member(metadata, "namespace");
    if (!mirror) {
      auto created = api.request("POST", "/api/v1/namespaces/" + namespace_ + "/pods",
                                 mirror_pod(pod, node.name, node.uid));
      if (!created) return std::unexpected(created.error());
      if (!created->ok()) {
        if (created->status == 409) continue;  // made meanwhile; the next pass looks at it
        return failure("creating mirror pod " + name, created->message);
      }
      mirror = created->body;
    }
    auto status = static_pod_status(pod, node.internal_ip, now);
    const auto& stored = member(*mirror, "status");
    if (same_status(stored, status)) continue;
    // Transition times stay those of the stored conditions while their status is unchanged.
    if (stored.is_object() && stored.contains("conditions"))
      for (auto& wanted : status["conditions"])
        for (const auto& had : stored["conditions"])
          if (had["type"] == wanted["type"] && had["status"] == wanted["status"])
            wanted["lastTransitionTime"] = had["lastTransitionTime"];
    // statusutil.PatchPodStatus: a strategic merge patch of the status, with the uid as precondition.
    nlohmann::json patch = {{"metadata", {{"uid", string_member((*mirror)["metadata"], "uid")}}},
                            {"status", status}};
    auto patched = api.request("PATCH", pod_path(namespace_, string_member(metadata, "name")) + "/status",
                               patch, "application/strategic-merge-patch+json");
    if (!patched) return std::unexpected(patched.error());
    if (!patched->ok() && patched->status != 404 && patched->status != 409)
      return failure("updating the status of mirror pod " + name, patched->message);
  }
  // HandlePodCleanups: mirror Pods whose static Pod is gone.
  for (const auto& [name, orphan] : mirrors) KS_CHECK(delete_mirror(api, orphan));
  return {};
}

}  // namespace ks::standin
