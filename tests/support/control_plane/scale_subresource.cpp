#include "tests/support/control_plane/scale_subresource.hpp"

#include <charconv>

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "tests/support/control_plane/field_errors.hpp"
#include "tests/support/control_plane/patch_body.hpp"
#include "tests/support/control_plane/registry.hpp"

namespace ks::standin {

namespace {

const Resource& scale_resource() {
  static const Resource kScale{"autoscaling", "v1", "scale", "Scale", true, ""};
  return kScale;
}

// metav1.LabelSelectorAsSelector(...).String(): the matchLabels as key=value, sorted by key, then the
// expressions ("key in (a,b)", "!key", ...).
std::string selector_text(const nlohmann::json& selector) {
  std::vector<std::string> terms;
  const auto& labels = member(selector, "matchLabels");
  if (labels.is_object())
    for (const auto& [key, value] : labels.items()) terms.push_back(key + "=" + value.get<std::string>());
  const auto& expressions = member(selector, "matchExpressions");
  if (expressions.is_array())
    for (const auto& expression : expressions) {
      auto key = string_member(expression, "key"), operation = string_member(expression, "operator");
      std::vector<std::string> values;
      for (const auto& value : member(expression, "values"))
        if (value.is_string()) values.push_back(value.get<std::string>());
      if (operation == "In") terms.push_back(key + " in (" + join(values, ",") + ")");
      if (operation == "NotIn") terms.push_back(key + " notin (" + join(values, ",") + ")");
      if (operation == "Exists") terms.push_back(key);
      if (operation == "DoesNotExist") terms.push_back("!" + key);
    }
  return join(terms, ",");
}

nlohmann::json scale_of(const nlohmann::json& deployment) {
  nlohmann::json metadata = nlohmann::json::object();
  for (const char* field : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"})
    if (const auto& value = member(member(deployment, "metadata"), field); !value.is_null())
      metadata[field] = value;
  const auto& replicas = member(member(deployment, "spec"), "replicas");
  const auto& current = member(member(deployment, "status"), "replicas");
  return {{"apiVersion", "autoscaling/v1"},
          {"kind", "Scale"},
          {"metadata", metadata},
          {"spec", {{"replicas", replicas.is_number() ? replicas : nlohmann::json(0)}}},
          {"status",
           {{"replicas", current.is_number() ? current : nlohmann::json(0)},
            {"selector", selector_text(member(member(deployment, "spec"), "selector"))}}}};
}

}  // namespace

Reply get_scale(Registry& registry, const Resource& resource, const std::string& namespace_,
                const std::string& name) {
  auto found = registry.get(resource, namespace_, name);
  if (found.status != 200) return found;
  return {200, scale_of(found.body)};
}

Reply update_scale(Registry& registry, const Resource& resource, const std::string& namespace_,
                   const std::string& name, const nlohmann::json& scale, const UserInfo& requester,
                   const WriteOptions& options) {
  auto found = registry.get(resource, namespace_, name);
  if (found.status != 200) return found;
  const auto& replicas = member(member(scale, "spec"), "replicas");
  int64_t wanted = replicas.is_number_integer() ? replicas.get<int64_t>() : 0;
  if (wanted < 0)
    return invalid_reply(
        "autoscaling", "Scale", name,
        {invalid_field("spec.replicas", std::to_string(wanted), "must be greater than or equal to 0")});
  auto deployment = found.body;
  deployment["spec"]["replicas"] = wanted;
  // The Scale's resourceVersion is the Deployment's: a precondition when given.
  auto version = string_member(member(scale, "metadata"), "resourceVersion");
  deployment["metadata"]["resourceVersion"] = version;
  if (version.empty()) deployment["metadata"].erase("resourceVersion");
  auto updated = registry.update(resource, namespace_, name, "", deployment, requester, options);
  if (updated.status != 200) return updated;
  return {200, scale_of(updated.body)};
}

Reply patch_scale(Registry& registry, const Resource& resource, const std::string& namespace_,
                  const std::string& name, const std::string& content_type, const nlohmann::json& patch,
                  const UserInfo& requester, const WriteOptions& options) {
  auto current = get_scale(registry, resource, namespace_, name);
  if (current.status != 200) return current;
  auto patched = apply_patch(scale_resource(), current.body, content_type, patch, options);
  if (!patched) return patched.error();
  // A patch names no resourceVersion unless it means one: the update is then unconditional.
  if (string_member(member(patch, "metadata"), "resourceVersion").empty())
    patched->object["metadata"].erase("resourceVersion");
  return update_scale(registry, resource, namespace_, name, patched->object, requester, options);
}

}  // namespace ks::standin
