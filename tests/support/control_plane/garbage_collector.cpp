#include "tests/support/control_plane/garbage_collector.hpp"

#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;

const Resource* owner_resource(const json& reference) {
  auto api_version = string_member(reference, "apiVersion");
  auto kind = string_member(reference, "kind");
  for (const auto& resource : resources())
    if (resource.api_version() == api_version && resource.kind == kind && !resource.registry.empty())
      return &resource;
  return nullptr;
}

enum class Owner { Present, Absent, Unknown };

Result<Owner> owner_state(Registry& registry, const json& reference, const std::string& namespace_) {
  const auto* resource = owner_resource(reference);
  if (!resource || (resource->namespaced && namespace_.empty())) return Owner::Unknown;
  auto found =
      registry.get(*resource, resource->namespaced ? namespace_ : "", string_member(reference, "name"));
  if (found.status == 404) return Owner::Absent;
  if (found.status != 200) return failure("reading an owner", string_member(found.body, "message"));
  auto uid = string_member(member(found.body, "metadata"), "uid");
  return uid == string_member(reference, "uid") ? Owner::Present : Owner::Absent;
}

}  // namespace

Status collect_garbage(Registry& registry) {
  for (const auto& resource : resources()) {
    if (resource.registry.empty()) continue;
    for (const auto& object : registry.cached(resource)) {
      const auto& metadata = member(object, "metadata");
      const auto& references = member(metadata, "ownerReferences");
      if (!references.is_array() || references.empty() || !member(metadata, "deletionTimestamp").is_null())
        continue;
      auto namespace_ = string_member(metadata, "namespace");
      auto kept = json::array();
      for (const auto& reference : references)
        if (KS_TRY(owner_state(registry, reference, namespace_)) != Owner::Absent) kept.push_back(reference);
      if (kept.size() == references.size()) continue;
      auto name = string_member(metadata, "name");
      if (kept.empty()) {
        registry.remove(resource, namespace_, name);
      } else {
        auto updated = object;
        updated["metadata"]["ownerReferences"] = kept;
        registry.update(resource, namespace_, name, "", updated);
      }
    }
  }
  return {};
}

}  // namespace ks::standin
