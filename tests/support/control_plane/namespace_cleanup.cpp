#include "tests/support/control_plane/namespace_cleanup.hpp"

#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

Status finalize_terminating_namespaces(Registry& registry) {
  const auto* namespaces = find_resource("", "v1", "namespaces");
  auto listed = registry.list(*namespaces, "", "", "");
  if (listed.status != 200) return failure("listing namespaces", string_member(listed.body, "message"));
  for (const auto& each : member(listed.body, "items")) {
    if (string_member(member(each, "status"), "phase") != "Terminating") continue;
    auto name = string_member(member(each, "metadata"), "name");
    bool empty = true;
    for (const auto& resource : resources()) {
      if (!resource.namespaced || resource.registry.empty()) continue;
      auto content = registry.list(resource, name, "", "");
      if (content.status != 200)
        return failure("listing " + resource.name, string_member(content.body, "message"));
      for (const auto& object : member(content.body, "items")) {
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
