#include <algorithm>
#include <string>

#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"
#include "tests/support/control_plane/storage_replies.hpp"

// Deletion: at once, gracefully while finalizers remain, or orphaning the dependents.
namespace ks::standin {

Reply Registry::remove(const Resource& resource, const std::string& namespace_, const std::string& name,
                       const UserInfo& requester, const WriteOptions& options) {
  if (resource.name == "namespaces" && (name == "default" || name == "kube-system" || name == "kube-public"))
    return status_reply(403, "Forbidden",
                        "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted",
                        {{"name", name}, {"kind", "namespaces"}});
  auto path = key(resource, namespace_, name);
  auto found = store_.get(path);
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found) return not_found(resource, name);
  auto object = (*found)->object;
  if (admit_)
    if (auto refused = admit_({"DELETE", resource, "", namespace_, name, nullptr, &object, requester}))
      return *refused;
  // Foreground propagation (registry/generic/registry/store.go, deletionFinalizersForGarbageCollection): the
  // object waits, with the foregroundDeletion finalizer, until the garbage collector has deleted the
  // dependents that block it (foreground_deletion.hpp).
  if (options.propagation_policy == "Foreground" &&
      member(object["metadata"], "deletionTimestamp").is_null()) {
    auto& finalizers = object["metadata"]["finalizers"];
    if (!finalizers.is_array()) finalizers = nlohmann::json::array();
    if (std::ranges::find(finalizers, "foregroundDeletion") == finalizers.end())
      finalizers.push_back("foregroundDeletion");
  }
  bool finalized = resource.name == "namespaces" || has_finalizers(object);
  if (finalized) {
    // Graceful deletion: the object stays, marked, until its finalizers are done (the namespace
    // controller's for a Namespace).
    if (options.dry_run || !member(object["metadata"], "deletionTimestamp").is_null()) return {200, object};
    object["metadata"]["deletionTimestamp"] = now_rfc3339();
    object["metadata"]["deletionGracePeriodSeconds"] = 0;
    if (resource.name == "namespaces") object["status"]["phase"] = "Terminating";
    auto written = store_.update(path, object, (*found)->revision);
    if (!written) return status_reply(500, "InternalError", written.error().message());
    if (!*written) return conflict(resource, name);
    object["metadata"]["resourceVersion"] = std::to_string(**written);
    return {200, object};
  }
  auto uid = string_member(object["metadata"], "uid");
  if (!options.dry_run && options.propagation_policy == "Orphan")
    if (auto problem = orphan_dependents(uid)) return *problem;
  if (!options.dry_run) {
    auto removed = store_.remove(path);
    if (!removed) return status_reply(500, "InternalError", removed.error().message());
    if (!*removed) return not_found(resource, name);
  }
  auto gone = resource_details(resource, name);
  gone["uid"] = uid;
  return status_reply(200, "", "", gone);
}

std::optional<Reply> Registry::orphan_dependents(const std::string& owner_uid) {
  for (const auto& resource : resources()) {
    if (resource.registry.empty()) continue;
    auto listed = list(resource, "", "", "");
    if (listed.status != 200) return listed;
    for (const auto& object : member(listed.body, "items")) {
      const auto& references = member(member(object, "metadata"), "ownerReferences");
      if (!references.is_array()) continue;
      auto kept = nlohmann::json::array();
      for (const auto& reference : references)
        if (string_member(reference, "uid") != owner_uid) kept.push_back(reference);
      if (kept.size() == references.size()) continue;
      auto orphaned = object;
      orphaned["metadata"]["ownerReferences"] = kept;
      const auto& metadata = object["metadata"];
      auto updated = update(resource, string_member(metadata, "namespace"), string_member(metadata, "name"),
                            "", orphaned);
      if (updated.status != 200) return updated;
    }
  }
  return std::nullopt;
}

}  // namespace ks::standin
