#include "tests/support/control_plane/mirror_pod_references.hpp"

#include "base/json_access.hpp"

namespace ks::standin {

namespace {

bool present(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) && !object[key].is_null();
}

template <class Visit>
void each_item(const nlohmann::json& list, Visit visit) {
  if (list.is_array())
    for (const auto& item : list) visit(item);
}

// Containers of every kind (podutil.AllContainers): init, regular and ephemeral.
template <class Visit>
void each_container(const nlohmann::json& spec, Visit visit) {
  for (const char* kind : {"initContainers", "containers", "ephemeralContainers"})
    each_item(member(spec, kind), visit);
}

bool references_secrets(const nlohmann::json& spec) {
  bool found = !member(spec, "imagePullSecrets").empty();
  each_container(spec, [&](const nlohmann::json& container) {
    each_item(member(container, "envFrom"),
              [&](const nlohmann::json& from) { found |= present(from, "secretRef"); });
    each_item(member(container, "env"),
              [&](const nlohmann::json& env) { found |= present(member(env, "valueFrom"), "secretKeyRef"); });
  });
  each_item(member(spec, "volumes"), [&](const nlohmann::json& volume) {
    found |= present(volume, "secret") || present(member(volume, "azureFile"), "secretName");
    for (const char* source : {"cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos"})
      found |= present(member(volume, source), "secretRef");
    found |= present(member(volume, "csi"), "nodePublishSecretRef");
    each_item(member(member(volume, "projected"), "sources"),
              [&](const nlohmann::json& projection) { found |= present(projection, "secret"); });
  });
  return found;
}

bool references_configmaps(const nlohmann::json& spec) {
  bool found = false;
  each_container(spec, [&](const nlohmann::json& container) {
    each_item(member(container, "envFrom"),
              [&](const nlohmann::json& from) { found |= present(from, "configMapRef"); });
    each_item(member(container, "env"), [&](const nlohmann::json& env) {
      found |= present(member(env, "valueFrom"), "configMapKeyRef");
    });
  });
  each_item(member(spec, "volumes"), [&](const nlohmann::json& volume) {
    found |= present(volume, "configMap");
    each_item(member(member(volume, "projected"), "sources"),
              [&](const nlohmann::json& projection) { found |= present(projection, "configMap"); });
  });
  return found;
}

bool references_volume_source(const nlohmann::json& spec, const char* source, bool projected) {
  bool found = false;
  each_item(member(spec, "volumes"), [&](const nlohmann::json& volume) {
    if (projected)
      each_item(member(member(volume, "projected"), "sources"),
                [&](const nlohmann::json& projection) { found |= present(projection, source); });
    else
      found |= present(volume, source);
  });
  return found;
}

}  // namespace

std::optional<std::string> forbidden_mirror_pod_reference(const nlohmann::json& pod) {
  const auto& spec = member(pod, "spec");
  // The deprecated serviceAccount is defaulted into serviceAccountName before admission.
  if (!string_member(spec, "serviceAccountName").empty() || !string_member(spec, "serviceAccount").empty())
    return "a service account";
  if (references_secrets(spec)) return "secrets";
  if (references_configmaps(spec)) return "configmaps";
  if (references_volume_source(spec, "clusterTrustBundle", true)) return "clustertrustbundles";
  if (references_volume_source(spec, "persistentVolumeClaim", false)) return "persistentvolumeclaims";
  return std::nullopt;
}

}  // namespace ks::standin
