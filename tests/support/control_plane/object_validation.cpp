#include "tests/support/control_plane/object_validation.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/json_access.hpp"
#include "tests/support/control_plane/name_rules.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;
using NameRule = std::vector<std::string> (*)(const std::string&);

const std::string kRbacGroup = "rbac.authorization.k8s.io";

// ValidateNameFunc of each kind: Services are DNS-1035 labels, Namespaces DNS-1123 labels, RBAC objects
// path segments, everything else DNS-1123 subdomains.
NameRule name_rule(const Resource& resource) {
  if (resource.kind == "Service") return dns1035_label_errors;
  if (resource.kind == "Namespace") return dns1123_label_errors;
  if (resource.group == kRbacGroup || resource.kind == "CertificateSigningRequest")
    return path_segment_name_errors;
  return dns1123_subdomain_errors;
}

std::string text(const json& value) {
  return value.is_string() ? value.get<std::string>() : "";
}

void add_each(FieldErrors& errors, const std::string& field, const std::string& value,
              const std::vector<std::string>& messages) {
  for (const auto& message : messages) errors.push_back(invalid_field(field, go_quote(value), message));
}

void validate_labels(FieldErrors& errors, const json& labels, const std::string& field) {
  if (!labels.is_object()) return;
  for (const auto& [key, value] : labels.items()) {
    add_each(errors, field, key, qualified_name_errors(key));
    add_each(errors, field, text(value), label_value_errors(text(value)));
  }
}

void validate_owner_references(FieldErrors& errors, const json& references) {
  if (!references.is_array()) return;
  const std::string field = "metadata.ownerReferences";
  for (const auto& reference : references) {
    auto api_version = string_member(reference, "apiVersion");
    // schema.FromAPIVersionAndKind: "v1" and "group/v1" carry a version; "", "group/" and "a/b/c" do not.
    auto slashes = std::ranges::count(api_version, '/');
    bool has_version = !api_version.empty() && !api_version.ends_with('/') && slashes <= 1;
    if (!has_version)
      errors.push_back(
          invalid_field(field + ".apiVersion", go_quote(api_version), "version must not be empty"));
    for (const char* part : {"kind", "name", "uid"}) {
      auto value = string_member(reference, part);
      if (value.empty())
        errors.push_back(
            invalid_field(field + "." + part, go_quote(value), std::string(part) + " must not be empty"));
    }
  }
}

void validate_finalizers(FieldErrors& errors, const json& finalizers) {
  if (!finalizers.is_array()) return;
  for (const auto& finalizer : finalizers) {
    auto name = text(finalizer);
    auto messages = qualified_name_errors(name);
    add_each(errors, "metadata.finalizers", name, messages);
    if (messages.empty() && name.find('/') == std::string::npos && name != "kubernetes" && name != "orphan" &&
        name != "foregroundDeletion")
      errors.push_back(invalid_field("metadata.finalizers", go_quote(name),
                                     "name is neither a standard finalizer name nor is it fully qualified"));
  }
}

void validate_object_meta(FieldErrors& errors, const Resource& resource, const json& metadata) {
  auto name = string_member(metadata, "name");
  if (name.empty())
    errors.push_back(required_field("metadata.name", "name or generateName is required"));
  else
    add_each(errors, "metadata.name", name, name_rule(resource)(name));
  validate_labels(errors, member(metadata, "labels"), "metadata.labels");
  if (const auto& annotations = member(metadata, "annotations"); annotations.is_object())
    for (const auto& [key, value] : annotations.items()) {
      std::string lower = key;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      add_each(errors, "metadata.annotations", key, qualified_name_errors(lower));
    }
  validate_owner_references(errors, member(metadata, "ownerReferences"));
  validate_finalizers(errors, member(metadata, "finalizers"));
}

// ConfigMap and Secret keys (IsConfigMapKey), each error on data[<key>].
void validate_keys(FieldErrors& errors, const json& data, const std::string& field) {
  if (!data.is_object()) return;
  for (const auto& [key, value] : data.items())
    add_each(errors, field + "[" + key + "]", key, config_map_key_errors(key));
}

void validate_config_map(FieldErrors& errors, const json& object) {
  validate_keys(errors, member(object, "data"), "data");
  validate_keys(errors, member(object, "binaryData"), "binaryData");
  if (const auto& binary = member(object, "binaryData"); binary.is_object())
    for (const auto& [key, value] : binary.items())
      if (member(object, "data").contains(key))
        errors.push_back(
            invalid_field("data[" + key + "]", go_quote(key), "duplicate of key present in binaryData"));
}

void validate_secret(FieldErrors& errors, const json& object) {
  const auto& data = member(object, "data");
  validate_keys(errors, data, "data");
  auto type = string_member(object, "type");
  if (type == "kubernetes.io/service-account-token" &&
      string_member(member(member(object, "metadata"), "annotations"), "kubernetes.io/service-account.name")
          .empty())
    errors.push_back(required_field("metadata.annotations[kubernetes.io/service-account.name]"));
  if (type == "kubernetes.io/tls")
    for (const char* key : {"tls.crt", "tls.key"})
      if (!data.is_object() || !data.contains(key))
        errors.push_back(required_field(std::string("data[") + key + "]"));
}

void validate_taints(FieldErrors& errors, const json& taints) {
  if (!taints.is_array()) return;
  for (size_t i = 0; i < taints.size(); ++i) {
    auto path = "spec.taints[" + std::to_string(i) + "]";
    auto key = string_member(taints[i], "key");
    add_each(errors, path + ".key", key, qualified_name_errors(key));
    auto value = string_member(taints[i], "value");
    if (auto messages = label_value_errors(value); !messages.empty()) {
      std::string joined;
      for (const auto& message : messages) joined += (joined.empty() ? "" : ";") + message;
      errors.push_back(invalid_field(path + ".value", go_quote(value), joined));
    }
    auto effect = string_member(taints[i], "effect");
    if (effect.empty())
      errors.push_back(required_field(path + ".effect"));
    else if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
      errors.push_back(not_supported_field(path + ".effect", go_quote(effect),
                                           {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
  }
}

void validate_containers(FieldErrors& errors, const json& spec, const std::string& path) {
  const auto& containers = member(spec, "containers");
  if (!containers.is_array() || containers.empty()) {
    errors.push_back(required_field(path + ".containers"));
    return;
  }
  for (size_t i = 0; i < containers.size(); ++i) {
    auto at = path + ".containers[" + std::to_string(i) + "]";
    auto name = string_member(containers[i], "name");
    if (name.empty())
      errors.push_back(required_field(at + ".name"));
    else
      add_each(errors, at + ".name", name, dns1123_label_errors(name));
    if (string_member(containers[i], "image").empty()) errors.push_back(required_field(at + ".image"));
  }
}

// A workload's selector must exist and match its Pod template's labels.
void validate_workload(FieldErrors& errors, const json& object) {
  const auto& spec = member(object, "spec");
  const auto& selector = member(spec, "selector");
  const auto& labels = member(member(member(spec, "template"), "metadata"), "labels");
  if (!selector.is_object() || selector.empty()) {
    errors.push_back(required_field("spec.selector"));
  } else if (const auto& match = member(selector, "matchLabels"); match.is_object()) {
    bool matches = true;
    for (const auto& [key, value] : match.items()) matches = matches && member(labels, key) == value;
    if (!matches) {
      std::string go = "map[string]string{";
      bool first = true;
      if (labels.is_object())
        for (const auto& [key, value] : labels.items()) {
          go += (first ? "" : ", ") + go_quote(key) + ":" + go_quote(text(value));
          first = false;
        }
      errors.push_back(invalid_field("spec.template.metadata.labels", go + "}",
                                     "`selector` does not match template `labels`"));
    }
  }
  validate_containers(errors, member(member(spec, "template"), "spec"), "spec.template.spec");
}

void validate_policy_rules(FieldErrors& errors, const json& rules, bool namespaced) {
  if (!rules.is_array()) return;
  for (size_t i = 0; i < rules.size(); ++i) {
    auto path = "rules[" + std::to_string(i) + "]";
    const auto& rule = rules[i];
    auto has = [&](const char* key) { return member(rule, key).is_array() && !member(rule, key).empty(); };
    if (!has("verbs"))
      errors.push_back(required_field(path + ".verbs", "verbs must contain at least one value"));
    if (has("nonResourceURLs")) {
      std::vector<std::string> urls;
      for (const auto& url : member(rule, "nonResourceURLs")) urls.push_back(text(url));
      if (namespaced)
        errors.push_back(invalid_field(path + ".nonResourceURLs", go_string_slice(urls),
                                       "namespaced rules cannot apply to non-resource URLs"));
      if (has("apiGroups") || has("resources") || has("resourceNames"))
        errors.push_back(invalid_field(path + ".nonResourceURLs", go_string_slice(urls),
                                       "rules cannot apply to both regular resources and non-resource URLs"));
      continue;
    }
    if (!has("apiGroups"))
      errors.push_back(
          required_field(path + ".apiGroups", "resource rules must supply at least one api group"));
    if (!has("resources"))
      errors.push_back(
          required_field(path + ".resources", "resource rules must supply at least one resource"));
  }
}

void validate_binding(FieldErrors& errors, const json& object, bool namespaced) {
  const auto& role_ref = member(object, "roleRef");
  auto api_group = string_member(role_ref, "apiGroup"), kind = string_member(role_ref, "kind"),
       name = string_member(role_ref, "name");
  if (api_group != kRbacGroup)
    errors.push_back(not_supported_field("roleRef.apiGroup", go_quote(api_group), {kRbacGroup}));
  if (namespaced ? (kind != "Role" && kind != "ClusterRole") : kind != "ClusterRole")
    errors.push_back(not_supported_field("roleRef.kind", go_quote(kind),
                                         namespaced ? std::vector<std::string>{"Role", "ClusterRole"}
                                                    : std::vector<std::string>{"ClusterRole"}));
  if (name.empty())
    errors.push_back(required_field("roleRef.name"));
  else
    add_each(errors, "roleRef.name", name, path_segment_name_errors(name));
  const auto& subjects = member(object, "subjects");
  if (!subjects.is_array()) return;
  for (size_t i = 0; i < subjects.size(); ++i) {
    auto path = "subjects[" + std::to_string(i) + "]";
    auto subject_kind = string_member(subjects[i], "kind"), subject_name = string_member(subjects[i], "name"),
         group = string_member(subjects[i], "apiGroup");
    if (subject_name.empty()) errors.push_back(required_field(path + ".name"));
    if (subject_kind == "ServiceAccount") {
      if (!subject_name.empty())
        add_each(errors, path + ".name", subject_name, dns1123_subdomain_errors(subject_name));
      if (!group.empty()) errors.push_back(not_supported_field(path + ".apiGroup", go_quote(group), {""}));
      if (!namespaced && string_member(subjects[i], "namespace").empty())
        errors.push_back(required_field(path + ".namespace"));
    } else if (subject_kind == "User" || subject_kind == "Group") {
      if (group != kRbacGroup)
        errors.push_back(not_supported_field(path + ".apiGroup", go_quote(group), {kRbacGroup}));
    } else {
      errors.push_back(
          not_supported_field(path + ".kind", go_quote(subject_kind), {"ServiceAccount", "User", "Group"}));
    }
  }
}

void validate_service(FieldErrors& errors, const json& object) {
  const auto& spec = member(object, "spec");
  auto type = string_member(spec, "type", "ClusterIP");
  const auto& ports = member(spec, "ports");
  if (type != "ExternalName" && string_member(spec, "clusterIP") != "None" &&
      (!ports.is_array() || ports.empty()))
    errors.push_back(required_field("spec.ports"));
  if (!ports.is_array()) return;
  for (size_t i = 0; i < ports.size(); ++i) {
    const auto& port = member(ports[i], "port");
    if (!port.is_number_integer() || port.get<int64_t>() < 1 || port.get<int64_t>() > 65535)
      errors.push_back(invalid_field("spec.ports[" + std::to_string(i) + "].port",
                                     port.is_number() ? port.dump() : "0",
                                     "must be between 1 and 65535, inclusive"));
  }
}

}  // namespace

void apply_defaults(const Resource& resource, json& object) {
  if (resource.kind == "Secret") {
    if (string_member(object, "type").empty()) object["type"] = "Opaque";
    if (const auto& string_data = member(object, "stringData"); string_data.is_object()) {
      if (!object["data"].is_object()) object["data"] = json::object();
      for (const auto& [key, value] : string_data.items()) object["data"][key] = base64_encode(text(value));
    }
    object.erase("stringData");
  }
  if ((resource.kind == "RoleBinding" || resource.kind == "ClusterRoleBinding") &&
      object.contains("subjects") && object["subjects"].is_array())
    for (auto& subject : object["subjects"]) {
      auto kind = string_member(subject, "kind");
      if ((kind == "User" || kind == "Group") && string_member(subject, "apiGroup").empty())
        subject["apiGroup"] = kRbacGroup;
    }
  // pkg/apis/apps/v1/defaults.go: a rolling update of 25%/25% for Deployments, of one Pod for DaemonSets.
  if ((resource.kind == "Deployment" || resource.kind == "DaemonSet") && object.contains("spec") &&
      object["spec"].is_object()) {
    auto& spec = object["spec"];
    bool deployment = resource.kind == "Deployment";
    const char* field = deployment ? "strategy" : "updateStrategy";
    if (!spec[field].is_object()) spec[field] = json::object();
    if (string_member(spec[field], "type").empty()) spec[field]["type"] = "RollingUpdate";
    if (spec[field]["type"] == "RollingUpdate" && !spec[field]["rollingUpdate"].is_object())
      spec[field]["rollingUpdate"] = deployment ? json{{"maxUnavailable", "25%"}, {"maxSurge", "25%"}}
                                                : json{{"maxUnavailable", 1}, {"maxSurge", 0}};
    if (deployment && !spec.contains("replicas")) spec["replicas"] = 1;
  }
  // pkg/apis/core/v1/defaults.go SetDefaults_ContainerPort: a container port is TCP unless said, in a Pod
  // and in a workload's Pod template.
  json* pod_spec = nullptr;
  if (resource.kind == "Pod" && object.contains("spec") && object["spec"].is_object())
    pod_spec = &object["spec"];
  if ((resource.kind == "Deployment" || resource.kind == "DaemonSet") &&
      member(member(member(object, "spec"), "template"), "spec").is_object())
    pod_spec = &object["spec"]["template"]["spec"];
  if (pod_spec)
    for (const char* list : {"initContainers", "containers"})
      if (member(*pod_spec, list).is_array())
        for (auto& container : (*pod_spec)[list])
          if (member(container, "ports").is_array())
            for (auto& port : container["ports"])
              if (port.is_object() && string_member(port, "protocol").empty()) port["protocol"] = "TCP";
  if (resource.kind == "Service" && object.contains("spec") && object["spec"].is_object()) {
    auto& spec = object["spec"];
    if (string_member(spec, "type").empty()) spec["type"] = "ClusterIP";
    if (spec.contains("ports") && spec["ports"].is_array())
      for (auto& port : spec["ports"])
        if (port.is_object()) {
          if (string_member(port, "protocol").empty()) port["protocol"] = "TCP";
          if (!port.contains("targetPort") && port.contains("port")) port["targetPort"] = port["port"];
        }
  }
}

FieldErrors validate_create(const Resource& resource, const json& object) {
  FieldErrors errors;
  validate_object_meta(errors, resource, member(object, "metadata"));
  const auto& kind = resource.kind;
  if (kind == "ConfigMap") validate_config_map(errors, object);
  if (kind == "Secret") validate_secret(errors, object);
  if (kind == "Node") validate_taints(errors, member(member(object, "spec"), "taints"));
  if (kind == "Pod") validate_containers(errors, member(object, "spec"), "spec");
  if (kind == "Deployment" || kind == "DaemonSet") validate_workload(errors, object);
  if (kind == "Role" || kind == "ClusterRole")
    validate_policy_rules(errors, member(object, "rules"), kind == "Role");
  if (kind == "RoleBinding" || kind == "ClusterRoleBinding")
    validate_binding(errors, object, kind == "RoleBinding");
  if (kind == "Service") validate_service(errors, object);
  return errors;
}

FieldErrors validate_update(const Resource& resource, const json& object, const json& old) {
  auto errors = validate_create(resource, object);
  const auto& kind = resource.kind;
  if (kind == "Secret" && string_member(object, "type") != string_member(old, "type"))
    errors.push_back(invalid_field("type", go_quote(string_member(object, "type")), "field is immutable"));
  if ((kind == "ConfigMap" || kind == "Secret") && member(old, "immutable") == true) {
    const std::string why = "field is immutable when `immutable` is set";
    if (member(object, "immutable") != true) errors.push_back(forbidden_field("immutable", why));
    if (member(object, "data") != member(old, "data")) errors.push_back(forbidden_field("data", why));
    if (kind == "ConfigMap" && member(object, "binaryData") != member(old, "binaryData"))
      errors.push_back(forbidden_field("binaryData", why));
  }
  if ((kind == "RoleBinding" || kind == "ClusterRoleBinding") &&
      member(object, "roleRef") != member(old, "roleRef")) {
    const auto& ref = member(object, "roleRef");
    errors.push_back(invalid_field("roleRef",
                                   "rbac.RoleRef{APIGroup:" + go_quote(string_member(ref, "apiGroup")) +
                                       ", Kind:" + go_quote(string_member(ref, "kind")) +
                                       ", Name:" + go_quote(string_member(ref, "name")) + "}",
                                   "cannot change roleRef"));
  }
  return errors;
}

}  // namespace ks::standin
