#include "tests/support/control_plane/registry.hpp"

#include <openssl/rand.h>

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <set>

#include "base/json_access.hpp"
#include "base/rfc3339.hpp"
#include "tests/support/control_plane/field_errors.hpp"
#include "tests/support/control_plane/object_validation.hpp"
#include "tests/support/control_plane/patch_body.hpp"
#include "tests/support/control_plane/selectors.hpp"
#include "tests/support/control_plane/service_ips.hpp"
#include "tests/support/control_plane/storage_replies.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;

std::string new_uid() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", bytes[i]);
  }
  return hex;
}

// resourceVersion as a precondition: 0 when absent; nullopt when it is not a number.
std::optional<int64_t> wanted_revision(const json& object) {
  auto text = string_member(member(object, "metadata"), "resourceVersion");
  if (text.empty()) return 0;
  int64_t revision = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), revision);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return revision;
}

bool has_status_subresource(const Resource& resource) {
  return std::ranges::find(resource.subresources, "status") != resource.subresources.end() ||
         resource.name == "certificatesigningrequests";
}

// ObjectMeta's lists and maps are omitempty: an emptied one is not stored.
void drop_empty_metadata(json& object) {
  if (!object.contains("metadata") || !object["metadata"].is_object()) return;
  auto& metadata = object["metadata"];
  for (const char* field : {"finalizers", "ownerReferences", "labels", "annotations"})
    if (metadata.contains(field) && (metadata[field].is_null() || metadata[field].empty()))
      metadata.erase(field);
}

}  // namespace

const UserInfo& api_server_user() {
  static const UserInfo kApiServer{"system:apiserver", {"system:masters"}};
  return kApiServer;
}

Registry::Registry(EtcdStore& store, std::optional<Cidr> service_range)
    : store_(store), cache_(store), service_range_(std::move(service_range)) {}

std::string Registry::key(const Resource& resource, const std::string& namespace_,
                          const std::string& name) const {
  auto key = "/registry/" + resource.registry + "/";
  if (resource.namespaced) key += namespace_ + "/";
  return key + name;
}

// The NamespaceLifecycle admission plugin (plugin/pkg/admission/namespace/lifecycle/admission.go): no
// content in a namespace that does not exist or is being terminated.
std::optional<Reply> Registry::admit_namespace(const Resource& resource, const std::string& namespace_,
                                               const std::string& name) {
  if (!resource.namespaced) return std::nullopt;
  if (namespace_.empty()) return status_reply(400, "BadRequest", "the namespace of the object is not set");
  auto found = store_.get("/registry/namespaces/" + namespace_);
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found)
    return status_reply(404, "NotFound", "namespaces \"" + namespace_ + "\" not found",
                        {{"name", namespace_}, {"kind", "namespaces"}});
  if (string_member(member((*found)->object, "status"), "phase") == "Terminating") {
    auto body =
        status_reply(403, "Forbidden",
                     qualified_name(resource) + " \"" + name + "\" is forbidden: unable to create new " +
                         "content in namespace " + namespace_ + " because it is being terminated",
                     resource_details(resource, name));
    body.body["details"]["causes"] = {{{"reason", "NamespaceTerminating"},
                                       {"message", "namespace " + namespace_ + " is being terminated"},
                                       {"field", "metadata.namespace"}}};
    return body;
  }
  return std::nullopt;
}

std::optional<Reply> Registry::validate(const Resource& resource, json& object, const json* old) {
  apply_defaults(resource, object);
  auto errors = old ? validate_update(resource, object, *old) : validate_create(resource, object);
  if (!errors.empty())
    return invalid_reply(resource.group, resource.kind, string_member(member(object, "metadata"), "name"),
                         errors);
  if (resource.name != "services" || !service_range_) return std::nullopt;
  if (old) return keep_cluster_ip(object, *old);
  std::set<std::string> taken;
  for (const auto& service : all("services"))
    for (const auto& ip : member(member(service, "spec"), "clusterIPs"))
      if (ip.is_string()) taken.insert(ip.get<std::string>());
  return allocate_cluster_ip(object, *service_range_, taken);
}

Reply Registry::get(const Resource& resource, const std::string& namespace_, const std::string& name) {
  auto found = store_.get(key(resource, namespace_, name));
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found) return not_found(resource, name);
  return {200, (*found)->object};
}

std::string Registry::collection_prefix(const Resource& resource, const std::string& namespace_) const {
  auto prefix = "/registry/" + resource.registry + "/";
  if (resource.namespaced && !namespace_.empty()) prefix += namespace_ + "/";
  return prefix;
}

bool Registry::selected(const nlohmann::json& object, const std::string& label_selector,
                        const std::string& field_selector) {
  return labels_match(object, label_selector) && fields_match(object, field_selector);
}

Reply Registry::list(const Resource& resource, const std::string& namespace_,
                     const std::string& label_selector, const std::string& field_selector) {
  auto prefix = collection_prefix(resource, namespace_);
  // A list's resourceVersion is etcd's revision when it was read (a watch from it misses nothing), not the
  // newest of its items.
  auto found = store_.snapshot(prefix, 0);
  if (!found) return status_reply(500, "InternalError", found.error().message());
  auto items = json::array();
  for (auto& stored : found->objects)
    if (labels_match(stored.object, label_selector) && fields_match(stored.object, field_selector))
      items.push_back(std::move(stored.object));
  return {200,
          {{"kind", resource.kind + "List"},
           {"apiVersion", resource.api_version()},
           {"metadata", {{"resourceVersion", std::to_string(found->revision)}}},
           {"items", items}}};
}

Reply Registry::create(const Resource& resource, const std::string& namespace_, json object,
                       const UserInfo& requester, const WriteOptions& options) {
  auto warnings = decode_body(resource, object, options);
  if (!warnings) return warnings.error();
  auto& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = json::object();
  if (string_member(metadata, "name").empty() && !string_member(metadata, "generateName").empty())
    metadata["name"] = string_member(metadata, "generateName") + new_uid().substr(0, 5);
  // WipeObjectMetaSystemFields (registry/rest/meta.go): the server sets these; resourceVersion stays, for
  // the storage to refuse.
  for (const char* field :
       {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"})
    metadata.erase(field);
  auto given_namespace = string_member(metadata, "namespace");
  if (resource.namespaced && !given_namespace.empty() && given_namespace != namespace_)
    return status_reply(
        400, "BadRequest",
        "the namespace of the provided object does not match the namespace sent on the request");
  if (resource.namespaced)
    metadata["namespace"] = namespace_;
  else
    metadata.erase("namespace");
  auto name = string_member(metadata, "name");
  if (auto problem = admit_namespace(resource, namespace_, name)) return *problem;
  object["kind"] = resource.kind;
  object["apiVersion"] = resource.api_version();
  if (resource.name == "certificatesigningrequests") {
    // The requester's identity is recorded by the server, never taken from the client.
    object["spec"]["username"] = requester.name;
    object["spec"]["groups"] = requester.groups;
    object["status"] = json::object();
  }
  if (resource.name == "namespaces") {
    // The namespace strategy's PrepareForCreate: a new namespace is Active, with the kubernetes finalizer.
    object["spec"]["finalizers"] = json::array({"kubernetes"});
    object["status"] = {{"phase", "Active"}};
  }
  std::unique_lock allocation(service_ips_, std::defer_lock);
  if (resource.name == "services") allocation.lock();
  drop_empty_metadata(object);
  if (auto problem = validate(resource, object, nullptr)) return *problem;
  if (admit_)
    if (auto refused = admit_({"CREATE", resource, "", namespace_, name, &object, nullptr, requester}))
      return *refused;
  metadata["uid"] = new_uid();
  metadata["creationTimestamp"] = now_rfc3339();
  if (options.dry_run) {
    // The dry-run storage (registry/generic/registry/dryrun.go) checks existence and stores nothing.
    auto existing = store_.get(key(resource, namespace_, name));
    if (existing && *existing)
      return status_reply(409, "AlreadyExists", qualified_name(resource) + " \"" + name + "\" already exists",
                          resource_details(resource, name));
    return {201, object, *warnings};
  }
  // etcd3/store.go Create: a plain error, which the handler answers as 500 with no reason.
  if (!string_member(metadata, "resourceVersion").empty())
    return status_reply(500, "", "resourceVersion should not be set on objects to be created");
  auto written = store_.create(key(resource, namespace_, name), object);
  if (!written) return status_reply(500, "InternalError", written.error().message());
  if (!*written)
    return status_reply(409, "AlreadyExists", qualified_name(resource) + " \"" + name + "\" already exists",
                        resource_details(resource, name));
  metadata["resourceVersion"] = std::to_string(**written);
  return {201, object, *warnings};
}

Reply Registry::update(const Resource& resource, const std::string& namespace_, const std::string& name,
                       const std::string& subresource, json object, const UserInfo& requester,
                       const WriteOptions& options) {
  auto warnings = decode_body(resource, object, options);
  if (!warnings) return warnings.error();
  auto found = store_.get(key(resource, namespace_, name));
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found) return not_found(resource, name);
  // checkName in handlers/rest.go.
  auto body_name = string_member(member(object, "metadata"), "name", name);
  if (body_name != name)
    return status_reply(
        400, "BadRequest",
        "the name of the object (" + body_name + ") does not match the name on the URL (" + name + ")");
  auto body_namespace = string_member(member(object, "metadata"), "namespace");
  if (resource.namespaced && !body_namespace.empty() && body_namespace != namespace_)
    return status_reply(400, "BadRequest",
                        "the namespace of the object (" + body_namespace +
                            ") does not match the namespace on the URL (" + namespace_ + ")");
  auto reply =
      replace(resource, namespace_, name, subresource, std::move(object), **found, requester, options);
  reply.warnings.insert(reply.warnings.begin(), warnings->begin(), warnings->end());
  return reply;
}

Reply Registry::replace(const Resource& resource, const std::string& namespace_, const std::string& name,
                        const std::string& subresource, json object, const StoredObject& stored,
                        const UserInfo& requester, const WriteOptions& options) {
  const auto& current = stored.object;
  auto wanted = wanted_revision(object);
  if (!wanted) return status_reply(400, "BadRequest", "invalid resource version");
  json next = current;
  if (subresource == "status") {
    next["status"] = member(object, "status").is_object() ? object["status"] : json::object();
  } else if (subresource == "approval") {
    const auto& conditions = member(member(object, "status"), "conditions");
    next["status"]["conditions"] = conditions.is_array() ? conditions : json::array();
  } else if (subresource == "finalize" && resource.name == "namespaces") {
    // What the namespace controller calls once the namespace is empty.
    const auto& finalizers = member(member(object, "spec"), "finalizers");
    next["spec"]["finalizers"] = finalizers.is_array() ? finalizers : json::array();
  } else {
    next = object;
    if (!next["metadata"].is_object()) next["metadata"] = json::object();
    for (const char* field :
         {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
      next["metadata"].erase(field);
      if (const auto& kept = member(member(current, "metadata"), field); !kept.is_null())
        next["metadata"][field] = kept;
    }
    if (resource.namespaced) next["metadata"]["namespace"] = namespace_;
    next["kind"] = resource.kind;
    next["apiVersion"] = resource.api_version();
    if (has_status_subresource(resource)) {
      next.erase("status");
      if (current.contains("status")) next["status"] = current["status"];
      if (resource.name == "certificatesigningrequests") next["spec"] = current["spec"];
    }
    std::unique_lock allocation(service_ips_, std::defer_lock);
    if (resource.name == "services") allocation.lock();
    drop_empty_metadata(next);
    if (auto problem = validate(resource, next, &current)) return *problem;
  }
  if (*wanted != 0 && *wanted != stored.revision) return conflict(resource, name);
  if (admit_)
    if (auto refused =
            admit_({"UPDATE", resource, subresource, namespace_, name, &next, &current, requester}))
      return *refused;
  if (options.dry_run) return {200, next};
  auto path = key(resource, namespace_, name);
  // An object being deleted goes once its last finalizer is removed (registry/generic/registry/store.go); a
  // Namespace once its spec.finalizers are done too (pkg/registry/core/namespace/storage/storage.go).
  bool finalizing = resource.name == "namespaces" && !member(member(next, "spec"), "finalizers").empty();
  if (!member(next["metadata"], "deletionTimestamp").is_null() && !has_finalizers(next) && !finalizing) {
    auto removed = store_.remove(path);
    if (!removed) return status_reply(500, "InternalError", removed.error().message());
    return {200, next};
  }
  auto written = store_.update(path, next, *wanted != 0 ? *wanted : stored.revision);
  if (!written) return status_reply(500, "InternalError", written.error().message());
  if (!*written) return conflict(resource, name);
  next["metadata"]["resourceVersion"] = std::to_string(**written);
  return {200, next};
}

Reply Registry::patch(const Resource& resource, const std::string& namespace_, const std::string& name,
                      const std::string& subresource, const std::string& content_type, const json& patch,
                      const UserInfo& requester, const WriteOptions& options) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto found = store_.get(key(resource, namespace_, name));
    if (!found) return status_reply(500, "InternalError", found.error().message());
    if (!*found) return not_found(resource, name);
    auto patched = apply_patch(resource, (*found)->object, content_type, patch, options);
    if (!patched) return patched.error();
    auto reply = replace(resource, namespace_, name, subresource, std::move(patched->object), **found,
                         requester, options);
    reply.warnings.insert(reply.warnings.begin(), patched->warnings.begin(), patched->warnings.end());
    // A patch that names a resourceVersion is a precondition; one that does not is retried on a lost race.
    bool precondition = string_member(member(patch, "metadata"), "resourceVersion").size() > 0;
    if (reply.status != 409 || precondition) return reply;
  }
  return conflict(resource, name);
}

std::vector<json> Registry::all(const std::string& resource_name) {
  std::vector<json> objects;
  for (const auto& resource : resources())
    if (resource.name == resource_name)
      for (auto& object : cached(resource)) objects.push_back(std::move(object));
  return objects;
}

std::vector<json> Registry::cached(const Resource& resource, const std::string& namespace_) {
  return cache_.list(collection_prefix(resource, namespace_), store_.last_write_revision());
}

}  // namespace ks::standin
