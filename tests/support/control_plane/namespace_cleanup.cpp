#include "tests/support/control_plane/namespace_cleanup.hpp"

#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

Status finalize_terminating_namespaces(Registry& registry) {
  const auto* namespaces = find_resource("", "v1", "namespaces");
  for (const auto& each : registry.cached(*namespaces)) {
    if (string_member(member(each, "status"), "phase") != "Terminating") continue;
    auto name = string_member(member(each, "metadata"), "name");
    bool empty = true;
    for (const auto& resource : resources()) {
      if (!resource.namespaced || resource.registry.empty()) continue;
      for (const auto& object : registry.cached(resource, name)) {
        empty = false;
        const auto& metadata = member(object, "metadata");
        if (member(metadata, "deletionTimestamp").is_null())
          registry.remove(resource, name, string_member(metadata, "name"));
      }
    }
    if (!empty) continue;
    auto finalized = each;
    finalized["spec"]["finalizers"] = nlohmann::json::array();
    registry.update(*namespaces, "", name, "finalize", finalized);
  }
  return {};
}

}  // namespace ks::standin
