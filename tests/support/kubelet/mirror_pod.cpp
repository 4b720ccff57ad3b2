#include "tests/support/kubelet/mirror_pod.hpp"

#include <openssl/evp.h>

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "certs/digest.hpp"

namespace ks::standin {

namespace {

std::string md5_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  static const char* const kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

nlohmann::json pod_condition(const std::string& type, bool status, const std::string& since,
                             const std::string& reason = "", const std::string& message = "") {
  nlohmann::json condition = {{"type", type},
                              {"status", status ? "True" : "False"},
                              {"lastProbeTime", nullptr},
                              {"lastTransitionTime", since}};
  if (!reason.empty()) condition["reason"] = reason;
  if (!message.empty()) condition["message"] = message;
  return condition;
}

// pkg/apis/core/helper/qos GetPodQOS, for what static Pods declare: nothing is BestEffort, requests or
// limits short of Guaranteed's equal CPU and memory limits are Burstable.
std::string qos_class(const nlohmann::json& spec) {
  bool any = false, guaranteed = true;
  for (const auto& container : member(spec, "containers")) {
    const auto& resources = member(container, "resources");
    const auto& requests = member(resources, "requests");
    const auto& limits = member(resources, "limits");
    if (!requests.empty() || !limits.empty()) any = true;
    for (const char* kind : {"cpu", "memory"}) {
      if (!limits.contains(kind))
        guaranteed = false;
      else if (requests.contains(kind) && requests[kind] != limits[kind])
        guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

}  // namespace

StaticPod static_pod_from_file(const nlohmann::json& manifest, const std::string& manifest_text,
                               const std::string& source, const std::string& node_name,
                               const std::string& seen) {
  StaticPod result;
  result.hash = md5_hex("host:" + node_name + "file:" + source + manifest_text);
  auto pod = manifest;
  pod.erase("status");
  auto& metadata = pod["metadata"];
  metadata.erase("creationTimestamp");
  metadata["name"] = string_member(metadata, "name") + "-" + to_lower(node_name);
  if (string_member(metadata, "namespace").empty()) metadata["namespace"] = "default";
  pod["spec"]["nodeName"] = node_name;
  auto& annotations = metadata["annotations"];
  if (!annotations.is_object()) annotations = nlohmann::json::object();
  annotations["kubernetes.io/config.hash"] = result.hash;
  annotations["kubernetes.io/config.source"] = "file";
  annotations["kubernetes.io/config.seen"] = seen;
  // helper.AddOrUpdateTolerationInPod: added unless an equal toleration is there.
  nlohmann::json tolerate = {{"operator", "Exists"}, {"effect", "NoExecute"}};
  auto& tolerations = pod["spec"]["tolerations"];
  if (!tolerations.is_array()) tolerations = nlohmann::json::array();
  if (std::find(tolerations.begin(), tolerations.end(), tolerate) == tolerations.end())
    tolerations.push_back(tolerate);
  result.pod = std::move(pod);
  return result;
}

nlohmann::json mirror_pod(const StaticPod& pod, const std::string& node_name, const std::string& node_uid) {
  auto mirror = pod.pod;
  mirror["metadata"]["annotations"]["kubernetes.io/config.mirror"] = pod.hash;
  mirror["metadata"]["ownerReferences"] = {
      {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_name}, {"uid", node_uid}, {"controller", true}}};
  return mirror;
}

nlohmann::json static_pod_status(const StaticPod& pod, const std::string& host_ip, const std::string& now) {
  const auto& spec = pod.pod["spec"];
  const auto& container = spec["containers"][0];
  auto name = string_member(container, "name");
  auto image = string_member(container, "image");
  auto since = pod.started_at.empty() ? now : pod.started_at;
  nlohmann::json state;
  if (pod.running) {
    state = {{"running", {{"startedAt", since}}}};
  } else {
    state = {{"waiting",
              {{"reason", "CrashLoopBackOff"},
               {"message", "back-off restarting failed container " + name + " in pod " +
                               string_member(pod.pod["metadata"], "name") + "_" +
                               string_member(pod.pod["metadata"], "namespace") + "(" + pod.hash + ")"}}}};
  }
  auto unready = "containers with unready status: [" + name + "]";
  // The runtime's names for what it runs; the stand-in has no image store, so the digest is one of the
  // image reference, in the shape containerd reports.
  auto repository = image.substr(
      0, image.rfind(':') == std::string::npos || image.rfind(':') < image.rfind('/') ? image.size()
                                                                                      : image.rfind(':'));
  return {
      {"phase", "Running"},
      {"conditions",
       {pod_condition("PodReadyToStartContainers", true, since), pod_condition("Initialized", true, since),
        pod.running ? pod_condition("Ready", true, since)
                    : pod_condition("Ready", false, since, "ContainersNotReady", unready),
        pod.running ? pod_condition("ContainersReady", true, since)
                    : pod_condition("ContainersReady", false, since, "ContainersNotReady", unready),
        pod_condition("PodScheduled", true, since)}},
      {"hostIP", host_ip},
      {"hostIPs", {{{"ip", host_ip}}}},
      {"podIP", host_ip},
      {"podIPs", {{{"ip", host_ip}}}},
      {"startTime", since},
      {"containerStatuses",
       {{{"name", name},
         {"state", state},
         {"lastState", nlohmann::json::object()},
         {"ready", pod.running},
         {"restartCount", pod.restarts},
         {"image", image},
         {"imageID", repository + "@sha256:" + certs::sha256_hex(image)},
         {"containerID", "containerd://" + certs::sha256_hex(pod.hash + name + since)},
         {"started", pod.running}}}},
      {"qosClass", qos_class(spec)}};
}

}  // namespace ks::standin
