#include "tests/support/control_plane/node_authorizer.hpp"

#include <algorithm>

#include "base/json_access.hpp"

namespace ks::standin {

namespace {

Decision allow() {
  return {Verdict::Allow, ""};
}
Decision no_opinion(std::string reason = "") {
  return {Verdict::NoOpinion, std::move(reason)};
}

bool one_of(const std::string& value, std::initializer_list<const char*> values) {
  return std::ranges::any_of(values, [&](const char* candidate) { return value == candidate; });
}

// The names a Pod references of one kind ("secret" or "configMap"): volumes, projected sources, env,
// envFrom and (for secrets) image pull secrets, as the graph populator records them.
std::vector<std::string> referenced(const nlohmann::json& pod, const std::string& kind) {
  std::vector<std::string> names;
  const auto& spec = member(pod, "spec");
  auto add = [&](const nlohmann::json& name) {
    if (name.is_string() && !name.get<std::string>().empty()) names.push_back(name.get<std::string>());
  };
  const char* volume_key = kind == "secret" ? "secretName" : "name";
  for (const auto& volume :
       member(spec, "volumes").is_array() ? member(spec, "volumes") : nlohmann::json::array()) {
    add(member(member(volume, kind.c_str()), volume_key));
    const auto& sources = member(member(volume, "projected"), "sources");
    if (sources.is_array())
      for (const auto& source : sources) add(member(member(source, kind.c_str()), "name"));
  }
  if (kind == "secret" && member(spec, "imagePullSecrets").is_array())
    for (const auto& secret : member(spec, "imagePullSecrets")) add(member(secret, "name"));
  auto key_ref = kind == "secret" ? "secretKeyRef" : "configMapKeyRef";
  auto env_ref = kind == "secret" ? "secretRef" : "configMapRef";
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    if (!member(spec, list).is_array()) continue;
    for (const auto& container : member(spec, list)) {
      if (member(container, "env").is_array())
        for (const auto& env : member(container, "env"))
          add(member(member(member(env, "valueFrom"), key_ref), "name"));
      if (member(container, "envFrom").is_array())
        for (const auto& from : member(container, "envFrom")) add(member(member(from, env_ref), "name"));
    }
  }
  return names;
}

bool bound_to(const nlohmann::json& pod, const std::string& node) {
  return string_member(member(pod, "spec"), "nodeName") == node;
}

// node <- pod <- secret/configmap, and node <- pod itself.
bool related(const std::string& node, const std::string& kind, const Attributes& request,
             const PodSource& pods) {
  for (const auto& pod : pods()) {
    if (!bound_to(pod, node) || string_member(member(pod, "metadata"), "namespace") != request.namespace_)
      continue;
    if (kind == "pod") {
      if (string_member(member(pod, "metadata"), "name") == request.name) return true;
    } else if (auto names = referenced(pod, kind); std::ranges::find(names, request.name) != names.end()) {
      return true;
    }
  }
  return false;
}

Decision through_graph(const std::string& node, const std::string& kind, const Attributes& request,
                       const PodSource& pods) {
  if (request.name.empty()) return no_opinion("No Object name found");
  if (related(node, kind, request, pods)) return allow();
  return no_opinion("no relationship found between node '" + node + "' and this object");
}

Decision read_namespaced(const std::string& node, const std::string& kind, const Attributes& request,
                         const PodSource& pods) {
  if (!one_of(request.verb, {"get", "list", "watch"}))
    return no_opinion("can only read resources of this type");
  if (!request.subresource.empty()) return no_opinion("cannot read subresource");
  if (request.namespace_.empty()) return no_opinion("can only read namespaced object of this type");
  return through_graph(node, kind, request, pods);
}

Decision node_object(const std::string& node, const Attributes& request) {
  if (request.subresource.empty()) {
    if (one_of(request.verb, {"create", "update", "patch"})) return allow();  // NodeRestriction narrows these
    if (one_of(request.verb, {"get", "list", "watch"})) {
      if (request.name == node) return allow();
      if (request.name.empty())
        return no_opinion("node '" + node + "' cannot read all nodes, only its own Node object");
      return no_opinion("node '" + node + "' cannot read '" + request.name + "', only its own Node object");
    }
  } else if (request.subresource == "status" && one_of(request.verb, {"update", "patch"})) {
    return allow();
  }
  return no_opinion();
}

Decision pod_object(const std::string& node, const Attributes& request, const PodSource& pods) {
  if (request.subresource.empty()) {
    if (request.verb == "get") return through_graph(node, "pod", request, pods);
    if (one_of(request.verb, {"list", "watch"})) {
      if (request.field_selector == "spec.nodeName=" + node ||
          request.field_selector == "spec.nodeName==" + node)
        return allow();
      if (!request.name.empty()) return through_graph(node, "pod", request, pods);
      return no_opinion("can only list/watch pods with spec.nodeName field selector");
    }
    if (one_of(request.verb, {"create", "delete"})) return allow();  // mirror Pods; NodeRestriction narrows
  } else if ((request.subresource == "status" && one_of(request.verb, {"update", "patch"})) ||
             (request.subresource == "eviction" && request.verb == "create")) {
    return allow();
  }
  return no_opinion();
}

Decision lease_object(const std::string& node, const Attributes& request) {
  if (!one_of(request.verb, {"get", "create", "update", "patch", "delete"}))
    return no_opinion("can only get, create, update, patch, or delete a node lease");
  if (request.namespace_ != "kube-node-lease")
    return no_opinion("can only access leases in the \"kube-node-lease\" system namespace");
  if (request.verb != "create" && request.name != node)
    return no_opinion("can only access node lease with the same name as the requesting node");
  return allow();
}

// bootstrappolicy.NodeRules() for what the node authorizer does not subdivide.
bool node_rules_allow(const Attributes& r) {
  auto resource = r.subresource.empty() ? r.resource : r.resource + "/" + r.subresource;
  if (!r.resource_request) return false;
  if (r.group == "authentication.k8s.io") return resource == "tokenreviews" && r.verb == "create";
  if (r.group == "authorization.k8s.io")
    return one_of(resource, {"subjectaccessreviews", "localsubjectaccessreviews"}) && r.verb == "create";
  if (r.group == "certificates.k8s.io")
    return resource == "certificatesigningrequests" && one_of(r.verb, {"create", "get", "list", "watch"});
  if (r.group == "events.k8s.io")
    return resource == "events" && one_of(r.verb, {"create", "update", "patch"});
  if (r.group == "storage.k8s.io")
    return resource == "csidrivers" && one_of(r.verb, {"get", "list", "watch"});
  if (r.group == "node.k8s.io")
    return resource == "runtimeclasses" && one_of(r.verb, {"get", "list", "watch"});
  if (!r.group.empty()) return false;
  if (resource == "services") return one_of(r.verb, {"get", "list", "watch"});
  if (resource == "events") return one_of(r.verb, {"create", "update", "patch"});
  if (resource == "endpoints") return r.verb == "get";
  return false;
}

}  // namespace

std::optional<std::string> node_name_of(const UserInfo& user) {
  if (!user.in("system:nodes") || !user.name.starts_with("system:node:")) return std::nullopt;
  return user.name.substr(12);
}

Decision authorize_node(const UserInfo& user, const Attributes& request, const PodSource& pods) {
  auto node = node_name_of(user);
  if (!node) return no_opinion();
  if (node->empty()) return no_opinion("unknown node for user \"" + user.name + "\"");
  if (request.resource_request) {
    if (request.group.empty()) {
      if (request.resource == "secrets") return read_namespaced(*node, "secret", request, pods);
      if (request.resource == "configmaps") return read_namespaced(*node, "configMap", request, pods);
      if (request.resource == "nodes") return node_object(*node, request);
      if (request.resource == "pods") return pod_object(*node, request, pods);
    }
    if (request.group == "coordination.k8s.io" && request.resource == "leases")
      return lease_object(*node, request);
  }
  return node_rules_allow(request) ? allow() : no_opinion();
}

}  // namespace ks::standin
