#include "tests/support/control_plane/registry.hpp"

#include <openssl/rand.h>

#include <fmt/format.h>

#include <chrono>
#include <set>
#include "base/rfc3339.hpp"

#include "base/strings.hpp"

namespace ks::standin {

namespace {

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

std::string now_rfc3339() {
  return format_rfc3339(std::chrono::system_clock::now());
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '-' || c == '.' || c == ':'))
      return false;
  return std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::isalnum(static_cast<unsigned char>(name.back()));
}

// label=value, label!=value and bare label terms, comma-separated.
bool labels_match(const nlohmann::json& object, const std::string& selector) {
  auto labels = object["metadata"].value("labels", nlohmann::json::object());
  for (const auto& term : split(selector, ',')) {
    if (term.empty()) continue;
    if (auto at = term.find("!="); at != std::string::npos) {
      auto k = term.substr(0, at), v = term.substr(at + 2);
      if (labels.contains(k) && labels[k] == v) return false;
    } else if (auto eq = term.find('='); eq != std::string::npos) {
      auto k = term.substr(0, eq), v = term.substr(term[eq + 1] == '=' ? eq + 2 : eq + 1);
      if (!labels.contains(k) || labels[k] != v) return false;
    } else if (!labels.contains(term)) {
      return false;
    }
  }
  return true;
}

// The field selectors kube-apiserver supports for the objects served here: metadata.name,
// metadata.namespace, and a Secret's type.
bool fields_match(const nlohmann::json& object, const std::string& selector) {
  for (const auto& term : split(selector, ',')) {
    if (term.empty()) continue;
    bool negate = term.find("!=") != std::string::npos;
    auto at = term.find(negate ? "!=" : "=");
    if (at == std::string::npos) return false;
    auto field = term.substr(0, at);
    auto want = term.substr(at + (negate ? 2 : (term[at + 1] == '=' ? 2 : 1)));
    std::string have;
    if (field == "metadata.name")
      have = object["metadata"].value("name", "");
    else if (field == "metadata.namespace")
      have = object["metadata"].value("namespace", "");
    else if (field == "type")
      have = object.value("type", "");
    else if (field == "spec.signerName")
      have = object["spec"].value("signerName", "");
    else if (field == "spec.nodeName")
      have = object["spec"].value("nodeName", "");
    if ((have == want) == negate) return false;
  }
  return true;
}

}  // namespace

Reply status_reply(int code, const std::string& reason, const std::string& message,
                   const nlohmann::json& details) {
  nlohmann::json body = {{"kind", "Status"},
                         {"apiVersion", "v1"},
                         {"metadata", nlohmann::json::object()},
                         {"status", code < 300 ? "Success" : "Failure"},
                         {"message", message},
                         {"reason", reason},
                         {"code", code}};
  if (!details.is_null()) body["details"] = details;
  return {code, body};
}

std::string qualified_name(const Resource& resource) {
  return resource.group.empty() ? resource.name : resource.name + "." + resource.group;
}

const UserInfo& api_server_user() {
  static const UserInfo kApiServer{"system:apiserver", {"system:masters"}};
  return kApiServer;
}

Registry::Registry(EtcdStore& store, std::optional<Cidr> service_range)
    : store_(store), service_range_(std::move(service_range)) {}

std::string Registry::key(const Resource& resource, const std::string& namespace_,
                          const std::string& name) const {
  auto key = "/registry/" + resource.registry + "/";
  if (resource.namespaced) key += namespace_ + "/";
  return key + name;
}

std::optional<Reply> Registry::check_namespace(const Resource& resource, const std::string& namespace_) {
  if (!resource.namespaced) return std::nullopt;
  if (namespace_.empty()) return status_reply(400, "BadRequest", "the namespace of the object is not set");
  auto found = store_.get("/registry/namespaces/" + namespace_);
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found)
    return status_reply(404, "NotFound", "namespaces \"" + namespace_ + "\" not found",
                        {{"name", namespace_}, {"kind", "namespaces"}});
  return std::nullopt;
}

std::optional<Reply> Registry::validate(const Resource& resource, const std::string& namespace_,
                                        nlohmann::json& object) {
  auto name = object["metadata"].value("name", "");
  auto invalid = [&](const std::string& field, const std::string& why) {
    return status_reply(422, "Invalid", resource.kind + " \"" + name + "\" is invalid: " + field + ": " + why,
                        {{"name", name}, {"kind", resource.kind}});
  };
  if (!valid_name(name))
    return invalid("metadata.name",
                   "Invalid value: \"" + name + "\": must be a lowercase RFC 1123 subdomain");
  auto given_namespace = object["metadata"].value("namespace", "");
  if (resource.namespaced && !given_namespace.empty() && given_namespace != namespace_)
    return status_reply(
        400, "BadRequest",
        "the namespace of the provided object does not match the namespace sent on the request");
  if (resource.name == "services" && service_range_) {
    auto& spec = object["spec"];
    auto ip = spec.value("clusterIP", "");
    if (ip.empty()) {
      // The next free address of the range, as the IP allocator would hand out.
      std::set<std::string> taken;
      for (const auto& service : all("services")) taken.insert(service["spec"].value("clusterIP", ""));
      for (uint64_t n = 1; n < 4096 && ip.empty(); ++n)
        if (auto candidate = service_range_->nth(n); candidate && !taken.contains(candidate->str()))
          ip = candidate->str();
      spec["clusterIP"] = ip;
    } else if (ip != "None") {
      auto parsed = IpAddress::parse(ip);
      if (!parsed || !service_range_->contains(*parsed))
        return invalid("spec.clusterIPs", "Invalid value: []string{\"" + ip + "\"}: failed to allocate IP " +
                                              ip + ": the provided IP (" + ip +
                                              ") is not in the valid range. The range of valid IPs is " +
                                              service_range_->str());
    }
    spec["clusterIPs"] = {spec["clusterIP"]};
  }
  return std::nullopt;
}

Reply Registry::get(const Resource& resource, const std::string& namespace_, const std::string& name) {
  auto found = store_.get(key(resource, namespace_, name));
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found)
    return status_reply(404, "NotFound", qualified_name(resource) + " \"" + name + "\" not found",
                        {{"name", name}, {"group", resource.group}, {"kind", resource.name}});
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
  auto items = nlohmann::json::array();
  for (auto& stored : found->objects)
    if (labels_match(stored.object, label_selector) && fields_match(stored.object, field_selector))
      items.push_back(std::move(stored.object));
  return {200,
          {{"kind", resource.kind + "List"},
           {"apiVersion", resource.api_version()},
           {"metadata", {{"resourceVersion", std::to_string(found->revision)}}},
           {"items", items}}};
}

Reply Registry::create(const Resource& resource, const std::string& namespace_, nlohmann::json object,
                       const UserInfo& requester) {
  if (!object.is_object()) return status_reply(400, "BadRequest", "the body is not a JSON object");
  auto& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  if (metadata.value("name", "").empty() && metadata.contains("generateName"))
    metadata["name"] = metadata["generateName"].get<std::string>() + new_uid().substr(0, 5);
  if (auto problem = check_namespace(resource, namespace_)) return *problem;
  if (auto problem = validate(resource, namespace_, object)) return *problem;
  auto name = metadata["name"].get<std::string>();
  if (resource.namespaced) metadata["namespace"] = namespace_;
  metadata["uid"] = new_uid();
  metadata["creationTimestamp"] = now_rfc3339();
  metadata.erase("resourceVersion");
  object["kind"] = resource.kind;
  object["apiVersion"] = resource.api_version();
  if (resource.name == "certificatesigningrequests") {
    // The requester's identity is recorded by the server, never taken from the client.
    object["spec"]["username"] = requester.name;
    object["spec"]["groups"] = requester.groups;
    object["status"] = nlohmann::json::object();
  }
  if (admit_)
    if (auto refused = admit_({"CREATE", resource, "", namespace_, name, &object, nullptr, requester}))
      return *refused;
  auto written = store_.create(key(resource, namespace_, name), object);
  if (!written) return status_reply(500, "InternalError", written.error().message());
  if (!*written)
    return status_reply(409, "AlreadyExists", qualified_name(resource) + " \"" + name + "\" already exists",
                        {{"name", name}, {"group", resource.group}, {"kind", resource.name}});
  metadata["resourceVersion"] = std::to_string(**written);
  return {201, object};
}

Reply Registry::update(const Resource& resource, const std::string& namespace_, const std::string& name,
                       const std::string& subresource, nlohmann::json object, const UserInfo& requester) {
  auto path = key(resource, namespace_, name);
  auto found = store_.get(path);
  if (!found) return status_reply(500, "InternalError", found.error().message());
  if (!*found) return get(resource, namespace_, name);
  const auto& current = (*found)->object;
  if (!object.is_object() || object["metadata"].value("name", name) != name)
    return status_reply(400, "BadRequest", "the name of the object does not match the name on the URL");
  auto wanted = object["metadata"].value("resourceVersion", "");
  int64_t revision = wanted.empty() ? (*found)->revision : std::stoll(wanted);
  nlohmann::json next = current;
  if (subresource == "status") {
    next["status"] = object.value("status", nlohmann::json::object());
  } else if (subresource == "approval") {
    next["status"]["conditions"] = object["status"].value("conditions", nlohmann::json::array());
  } else {
    next = object;
    next["metadata"]["uid"] = current["metadata"]["uid"];
    next["metadata"]["creationTimestamp"] = current["metadata"]["creationTimestamp"];
    if (resource.namespaced) next["metadata"]["namespace"] = namespace_;
    next["kind"] = resource.kind;
    next["apiVersion"] = resource.api_version();
    if (std::ranges::find(resource.subresources, "status") != resource.subresources.end() ||
        resource.name == "certificatesigningrequests") {
      if (current.contains("status")) next["status"] = current["status"];
      if (resource.name == "certificatesigningrequests") next["spec"] = current["spec"];
    }
    if (auto problem = validate(resource, namespace_, next)) return *problem;
  }
  if (admit_)
    if (auto refused =
            admit_({"UPDATE", resource, subresource, namespace_, name, &next, &current, requester}))
      return *refused;
  auto written = store_.update(path, next, revision);
  if (!written) return status_reply(500, "InternalError", written.error().message());
  if (!*written)
    return status_reply(
        409, "Conflict",
        "Operation cannot be fulfilled on " + qualified_name(resource) + " \"" + name +
            "\": the object has been modified; please apply your changes to the latest version and "
            "try again",
        {{"name", name}, {"group", resource.group}, {"kind", resource.name}});
  next["metadata"]["resourceVersion"] = std::to_string(**written);
  return {200, next};
}

Reply Registry::patch(const Resource& resource, const std::string& namespace_, const std::string& name,
                      const std::string& subresource, const std::string& content_type,
                      const nlohmann::json& patch, const UserInfo& requester) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto current = get(resource, namespace_, name);
    if (current.status != 200) return current;
    nlohmann::json next = current.body;
    if (content_type.starts_with("application/json-patch+json")) {
      try {
        next = next.patch(patch);
      } catch (const std::exception& e) {
        return status_reply(422, "Invalid", std::string("the JSON patch does not apply: ") + e.what());
      }
    } else {
      // Merge patches, and strategic merge patches for the shapes sent here (maps merge, lists replace).
      next.merge_patch(patch);
    }
    next["metadata"]["resourceVersion"] = current.body["metadata"]["resourceVersion"];
    auto updated = update(resource, namespace_, name, subresource, next, requester);
    if (updated.status != 409) return updated;
  }
  return status_reply(409, "Conflict", "the object kept changing while it was patched");
}

Reply Registry::remove(const Resource& resource, const std::string& namespace_, const std::string& name,
                       const UserInfo& requester) {
  if (admit_) {
    auto current = get(resource, namespace_, name);
    if (current.status != 200) return current;
    if (auto refused = admit_({"DELETE", resource, "", namespace_, name, nullptr, &current.body, requester}))
      return *refused;
  }
  auto removed = store_.remove(key(resource, namespace_, name));
  if (!removed) return status_reply(500, "InternalError", removed.error().message());
  if (!*removed) return get(resource, namespace_, name);
  return status_reply(200, "", "",
                      {{"name", name},
                       {"group", resource.group},
                       {"kind", resource.name},
                       {"uid", (*removed)->object["metadata"].value("uid", "")}});
}

std::vector<nlohmann::json> Registry::all(const std::string& resource_name) {
  std::vector<nlohmann::json> objects;
  for (const auto& resource : resources())
    if (resource.name == resource_name)
      if (auto found = store_.list("/registry/" + resource.registry + "/"))
        for (auto& stored : *found) objects.push_back(std::move(stored.object));
  return objects;
}

Status Registry::seed(int secure_port) {
  const auto& system = api_server_user();
  auto ensure = [&](const std::string& group, const std::string& name, const std::string& namespace_,
                    nlohmann::json object) -> Status {
    const auto* resource = find_resource(group, "v1", name);
    auto reply = create(*resource, namespace_, std::move(object), system);
    if (reply.status != 201 && reply.status != 409)
      return failure("creating the API server's own " + name, reply.body.value("message", ""));
    return {};
  };
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
    KS_CHECK(ensure("", "namespaces", "",
                    {{"metadata", {{"name", ns}}},
                     {"spec", {{"finalizers", {"kubernetes"}}}},
                     {"status", {{"phase", "Active"}}}}));
  if (service_range_) {
    auto first = KS_TRY(service_range_->nth(1));
    KS_CHECK(ensure(
        "", "services", "default",
        {{"metadata",
          {{"name", "kubernetes"}, {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
         {"spec",
          {{"clusterIP", first.str()},
           {"type", "ClusterIP"},
           {"ports",
            {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", secure_port}}}}}}}));
  }
  for (auto& role : bootstrap_cluster_roles())
    KS_CHECK(ensure("rbac.authorization.k8s.io", "clusterroles", "", role));
  for (auto& binding : bootstrap_cluster_role_bindings())
    KS_CHECK(ensure("rbac.authorization.k8s.io", "clusterrolebindings", "", binding));
  return {};
}

}  // namespace ks::standin
