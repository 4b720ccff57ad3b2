#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ks::standin {

// A static Pod as the kubelet holds it: its manifest with the defaults the file source applies, and what
// its one container is doing.
struct StaticPod {
  nlohmann::json pod;    // the manifest after applyDefaults: <name>-<node>, namespace, nodeName, annotations
  std::string hash;      // kubernetes.io/config.hash (the static Pod's UID)
  bool running = false;  // its container's process is alive
  int restarts = 0;      // times this kubelet started it again after it exited
  std::string started_at;  // RFC 3339, when the running container started
};

// pkg/kubelet/config/common.go applyDefaults for a file source and pkg/kubelet/config/config.go: the Pod
// named <name>-<node> (lowercased), in the manifest's namespace or "default", bound to the node, tolerating
// every NoExecute taint, annotated with kubernetes.io/config.hash (an MD5 of the node, the file and the
// manifest — the real one hashes the decoded object, so only its shape and its change with the file are
// kept), kubernetes.io/config.source=file and kubernetes.io/config.seen (`seen`, RFC 3339 with
// nanoseconds) next to the manifest's own annotations.
StaticPod static_pod_from_file(const nlohmann::json& manifest, const std::string& manifest_text,
                               const std::string& source, const std::string& node_name,
                               const std::string& seen);

// pkg/kubelet/pod/mirror_client.go CreateMirrorPod: a copy of the static Pod with
// kubernetes.io/config.mirror set to its hash and one owner reference, to the Node (apiVersion v1, its uid,
// controller: true, no blockOwnerDeletion) — what NodeRestriction requires of a mirror Pod.
nlohmann::json mirror_pod(const StaticPod& pod, const std::string& node_name, const std::string& node_uid);

// The status the kubelet's status manager writes for it (pkg/kubelet/kubelet_pods.go generateAPIPodStatus,
// pkg/kubelet/status/generate.go): Running, its conditions, the node's address as host and Pod IP
// (hostNetwork), the container's state and readiness, the QoS class.
nlohmann::json static_pod_status(const StaticPod& pod, const std::string& host_ip, const std::string& now);

}  // namespace ks::standin
