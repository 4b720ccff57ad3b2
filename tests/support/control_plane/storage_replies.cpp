#include "tests/support/control_plane/storage_replies.hpp"

#include <chrono>

#include "base/json_access.hpp"
#include "base/rfc3339.hpp"

namespace ks::standin {

std::string qualified_name(const Resource& resource) {
  return resource.group.empty() ? resource.name : resource.name + "." + resource.group;
}

std::string now_rfc3339() {
  return format_rfc3339(std::chrono::system_clock::now());
}

nlohmann::json resource_details(const Resource& resource, const std::string& name) {
  return {{"name", name}, {"group", resource.group}, {"kind", resource.name}};
}

Reply not_found(const Resource& resource, const std::string& name) {
  return status_reply(404, "NotFound", qualified_name(resource) + " \"" + name + "\" not found",
                      resource_details(resource, name));
}

Reply conflict(const Resource& resource, const std::string& name) {
  return status_reply(409, "Conflict",
                      "Operation cannot be fulfilled on " + qualified_name(resource) + " \"" + name +
                          "\": the object has been modified; please apply your changes to the latest version "
                          "and try again",
                      resource_details(resource, name));
}

bool has_finalizers(const nlohmann::json& object) {
  const auto& finalizers = member(member(object, "metadata"), "finalizers");
  return finalizers.is_array() && !finalizers.empty();
}

}  // namespace ks::standin
