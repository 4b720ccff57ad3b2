#include "tests/support/control_plane/foreground_deletion.hpp"

#include <algorithm>

#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;

struct Dependent {
  const Resource* resource;
  json object;
  bool blocks;  // its reference to the owner has blockOwnerDeletion
};

std::vector<Dependent> dependents_of(Registry& registry, const std::string& owner_uid) {
  std::vector<Dependent> found;
  for (const auto& resource : resources()) {
    if (resource.registry.empty()) continue;
    for (auto& object : registry.cached(resource))
      for (const auto& reference : member(member(object, "metadata"), "ownerReferences"))
        if (string_member(reference, "uid") == owner_uid) {
          const auto& blocks = member(reference, "blockOwnerDeletion");
          found.push_back({&resource, object, blocks.is_boolean() && blocks.get<bool>()});
          break;
        }
  }
  return found;
}

bool waits_for_dependents(const json& object) {
  const auto& metadata = member(object, "metadata");
  const auto& finalizers = member(metadata, "finalizers");
  return !member(metadata, "deletionTimestamp").is_null() && finalizers.is_array() &&
         std::ranges::find(finalizers, "foregroundDeletion") != finalizers.end();
}

}  // namespace

Status delete_foreground_dependents(Registry& registry) {
  for (const auto& resource : resources()) {
    if (resource.registry.empty()) continue;
    for (auto owner : registry.cached(resource)) {
      if (!waits_for_dependents(owner)) continue;
      auto& metadata = owner["metadata"];
      bool blocked = false;
      for (const auto& dependent : dependents_of(registry, string_member(metadata, "uid"))) {
        const auto& dependent_metadata = member(dependent.object, "metadata");
        // A dependent that blocks is deleted in the foreground too, so that its own blocking dependents go
        // first; one already being deleted is waited for.
        if (member(dependent_metadata, "deletionTimestamp").is_null()) {
          WriteOptions options;
          options.propagation_policy = dependent.blocks ? "Foreground" : "Background";
          registry.remove(*dependent.resource, string_member(dependent_metadata, "namespace"),
                          string_member(dependent_metadata, "name"), api_server_user(), options);
        }
        blocked = blocked || dependent.blocks;
      }
      if (blocked) continue;  // the next pass sees whether the blocking dependents are gone
      auto kept = json::array();
      for (const auto& finalizer : metadata["finalizers"])
        if (finalizer != "foregroundDeletion") kept.push_back(finalizer);
      metadata["finalizers"] = kept;
      auto updated = registry.update(resource, string_member(metadata, "namespace"),
                                     string_member(metadata, "name"), "", owner);
      if (updated.status != 200 && updated.status != 404 && updated.status != 409)
        return failure("finishing the foreground deletion of " + string_member(metadata, "name"),
                       string_member(updated.body, "message"));
    }
  }
  return {};
}

}  // namespace ks::standin
