#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ks::standin {

// What a mirror Pod may not reference (plugin/pkg/admission/noderestriction/admission.go, admitPodCreate):
// the API objects a node could reach through a Pod it made itself. The first kind the Pod references, in
// the plugin's order — a service account, secrets (pkg/api/pod/util.go VisitPodSecretNames), configmaps
// (VisitPodConfigmapNames), clustertrustbundles (projected), persistentvolumeclaims —, or nothing.
std::optional<std::string> forbidden_mirror_pod_reference(const nlohmann::json& pod);

}  // namespace ks::standin
