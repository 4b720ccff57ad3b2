#include "tests/support/control_plane/table.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "tests/support/control_plane/bootstrap_secret.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;

struct Column {
  std::string name, type, format, description;
  int priority = 0;
};

json column(const Column& c) {
  return {{"name", c.name},
          {"type", c.type},
          {"format", c.format},
          {"description", c.description},
          {"priority", c.priority}};
}

std::string age(const json& object, std::chrono::system_clock::time_point now) {
  auto created = parse_go_rfc3339(string_member(member(object, "metadata"), "creationTimestamp"));
  if (!created) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *created));
}

std::string name_of(const json& object) {
  return string_member(member(object, "metadata"), "name");
}

const std::string kNameHelp =
    "Name must be unique within a namespace. Is required when creating resources, although some resources "
    "may "
    "allow a client to request the generation of an appropriate name automatically. Name is primarily "
    "intended "
    "for creation idempotence and configuration definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const std::string kAgeHelp =
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
    "guaranteed to be set in happens-before order across separate operations. Clients may not set this "
    "value. "
    "It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. "
    "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

Column name_column() {
  return {"Name", "string", "name", kNameHelp};
}
Column age_column() {
  return {"Age", "string", "", kAgeHelp};
}

// printNode: Ready/NotReady/Unknown from the Ready condition, SchedulingDisabled when cordoned; roles from
// node-role.kubernetes.io/<role> and kubernetes.io/role labels.
std::vector<json> node_cells(const json& node, std::chrono::system_clock::time_point now) {
  std::string status = "Unknown";
  const auto& conditions = member(member(node, "status"), "conditions");
  if (conditions.is_array())
    for (const auto& condition : conditions)
      if (string_member(condition, "type") == "Ready")
        status = string_member(condition, "status") == "True" ? "Ready" : "NotReady";
  if (member(member(node, "spec"), "unschedulable") == true) status += ",SchedulingDisabled";
  std::set<std::string> roles;
  const auto& labels = member(member(node, "metadata"), "labels");
  if (labels.is_object())
    for (const auto& [key, value] : labels.items()) {
      if (key.starts_with("node-role.kubernetes.io/") && key.size() > 24) roles.insert(key.substr(24));
      if (key == "kubernetes.io/role" && value.is_string() && !value.get<std::string>().empty())
        roles.insert(value.get<std::string>());
    }
  std::string internal_ip = "<none>", external_ip = "<none>";
  const auto& addresses = member(member(node, "status"), "addresses");
  if (addresses.is_array())
    for (const auto& address : addresses) {
      if (string_member(address, "type") == "InternalIP" && internal_ip == "<none>")
        internal_ip = string_member(address, "address");
      if (string_member(address, "type") == "ExternalIP" && external_ip == "<none>")
        external_ip = string_member(address, "address");
    }
  const auto& info = member(member(node, "status"), "nodeInfo");
  auto or_unknown = [](const std::string& text) { return text.empty() ? std::string("<unknown>") : text; };
  return {name_of(node),
          status,
          roles.empty() ? "<none>" : join(std::vector<std::string>(roles.begin(), roles.end()), ","),
          age(node, now),
          string_member(info, "kubeletVersion"),
          internal_ip,
          external_ip,
          or_unknown(string_member(info, "osImage")),
          or_unknown(string_member(info, "kernelVersion")),
          or_unknown(string_member(info, "containerRuntimeVersion"))};
}

std::vector<Column> node_columns() {
  return {
      name_column(),
      {"Status", "string", "", "The status of the node"},
      {"Roles", "string", "", "The roles of the node"},
      age_column(),
      {"Version", "string", "", "Kubelet Version reported by the node."},
      {"Internal-IP", "string", "",
       "List of addresses reachable to the node. Queried from cloud provider, if available.", 1},
      {"External-IP", "string", "",
       "List of addresses reachable to the node. Queried from cloud provider, if available.", 1},
      {"OS-Image", "string", "",
       "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1},
      {"Kernel-Version", "string", "",
       "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1},
      {"Container-Runtime", "string", "",
       "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
       1}};
}

std::vector<json> pod_cells(const json& pod, std::chrono::system_clock::time_point now) {
  const auto& spec = member(pod, "spec");
  const auto& status = member(pod, "status");
  int total = member(spec, "containers").is_array() ? static_cast<int>(member(spec, "containers").size()) : 0;
  int ready = 0, restarts = 0;
  const auto& statuses = member(status, "containerStatuses");
  if (statuses.is_array())
    for (const auto& container : statuses) {
      if (member(container, "ready") == true) ++ready;
      if (member(container, "restartCount").is_number_integer())
        restarts += member(container, "restartCount").get<int>();
    }
  auto phase = string_member(status, "phase");
  if (!member(member(pod, "metadata"), "deletionTimestamp").is_null()) phase = "Terminating";
  auto node = string_member(spec, "nodeName");
  auto ip = string_member(status, "podIP");
  return {name_of(pod),
          std::to_string(ready) + "/" + std::to_string(total),
          phase.empty() ? "Pending" : phase,
          std::to_string(restarts),
          age(pod, now),
          ip.empty() ? "<none>" : ip,
          node.empty() ? "<none>" : node,
          "<none>",
          "<none>"};
}

std::vector<Column> pod_columns() {
  return {name_column(),
          {"Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic."},
          {"Status", "string", "", "The aggregate status of the containers in this pod."},
          {"Restarts", "string", "",
           "The number of times the containers in this pod have been restarted and when the last container "
           "in this pod has restarted."},
          age_column(),
          {"IP", "string", "",
           "podIP is the IP address allocated to the pod. Routable at least within the cluster. Empty if not "
           "yet allocated.",
           1},
          {"Node", "string", "",
           "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the "
           "scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.",
           1},
          {"Nominated Node", "string", "",
           "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be "
           "scheduled right away as preemption victims receive their graceful termination periods. This "
           "field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to "
           "place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to "
           "give the resources on this node to a higher priority pod that is created after preemption. As a "
           "result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
           1},
          {"Readiness Gates", "string", "",
           "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all "
           "its containers are ready AND all conditions specified in the readiness gates have status equal "
           "to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates",
           1}};
}

std::vector<json> service_cells(const json& service, std::chrono::system_clock::time_point now) {
  const auto& spec = member(service, "spec");
  std::vector<std::string> ports;
  if (member(spec, "ports").is_array())
    for (const auto& port : member(spec, "ports")) {
      auto text =
          std::to_string(member(port, "port").is_number_integer() ? member(port, "port").get<int>() : 0);
      if (member(port, "nodePort").is_number_integer())
        text += ":" + std::to_string(member(port, "nodePort").get<int>());
      ports.push_back(text + "/" + string_member(port, "protocol", "TCP"));
    }
  std::vector<std::string> selector;
  if (member(spec, "selector").is_object())
    for (const auto& [key, value] : member(spec, "selector").items())
      selector.push_back(key + "=" + (value.is_string() ? value.get<std::string>() : ""));
  auto cluster_ip = string_member(spec, "clusterIP");
  return {name_of(service),
          string_member(spec, "type", "ClusterIP"),
          cluster_ip.empty() ? "<none>" : cluster_ip,
          "<none>",
          ports.empty() ? "<none>" : join(ports, ","),
          age(service, now),
          selector.empty() ? "<none>" : join(selector, ",")};
}

std::vector<Column> service_columns() {
  return {name_column(),
          {"Type", "string", "", "type determines how the Service is exposed. Defaults to ClusterIP."},
          {"Cluster-IP", "string", "",
           "clusterIP is the IP address of the service and is usually assigned randomly."},
          {"External-IP", "string", "",
           "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic "
           "for this service."},
          {"Port(s)", "string", "", "The list of ports that are exposed by this service."},
          age_column(),
          {"Selector", "string", "",
           "Route service traffic to pods with label keys and values matching this selector.", 1}};
}

int entries(const json& object, const char* key) {
  const auto& map = member(object, key);
  return map.is_object() ? static_cast<int>(map.size()) : 0;
}

std::string csr_condition(const json& csr) {
  std::vector<std::string> types;
  const auto& conditions = member(member(csr, "status"), "conditions");
  if (conditions.is_array())
    for (const auto& condition : conditions) types.push_back(string_member(condition, "type"));
  if (types.empty()) return "Pending";
  if (!string_member(member(csr, "status"), "certificate").empty()) types.push_back("Issued");
  return join(types, ",");
}

struct Printer {
  std::vector<Column> columns;
  std::function<std::vector<json>(const json&, std::chrono::system_clock::time_point)> cells;
};

Printer printer_for(const Resource& resource) {
  const auto& name = resource.name;
  if (resource.group.empty() && name == "nodes") return {node_columns(), node_cells};
  if (resource.group.empty() && name == "pods") return {pod_columns(), pod_cells};
  if (resource.group.empty() && name == "services") return {service_columns(), service_cells};
  if (resource.group.empty() && name == "namespaces")
    return {{name_column(), {"Status", "string", "", "The status of the namespace"}, age_column()},
            [](const json& o, auto now) -> std::vector<json> {
              return {name_of(o), string_member(member(o, "status"), "phase", "Active"), age(o, now)};
            }};
  if (resource.group.empty() && name == "secrets")
    return {{name_column(),
             {"Type", "string", "",
              "Used to facilitate programmatic handling of secret data. More info: "
              "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"},
             {"Data", "string", "",
              "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or "
              "'.'. The serialized form of the secret data is a base64 encoded string, representing the "
              "arbitrary (possibly non-string) data value here. Described in "
              "https://tools.ietf.org/html/rfc4648#section-4"},
             age_column()},
            [](const json& o, auto now) -> std::vector<json> {
              return {name_of(o), string_member(o, "type", "Opaque"), entries(o, "data"), age(o, now)};
            }};
  if (resource.group.empty() && name == "configmaps")
    return {{name_column(),
             {"Data", "string", "",
              "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', "
              "'_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys "
              "stored in Data must not overlap with the keys in the BinaryData field, this is enforced "
              "during validation process."},
             age_column()},
            [](const json& o, auto now) -> std::vector<json> {
              return {name_of(o), entries(o, "data") + entries(o, "binaryData"), age(o, now)};
            }};
  if (resource.group.empty() && name == "serviceaccounts")
    return {{name_column(),
             {"Secrets", "string", "",
              "Secrets is a list of the secrets in the same namespace that pods running using this "
              "ServiceAccount are allowed to use."},
             age_column()},
            [](const json& o, auto now) -> std::vector<json> {
              const auto& secrets = member(o, "secrets");
              return {name_of(o), secrets.is_array() ? static_cast<int>(secrets.size()) : 0, age(o, now)};
            }};
  if (resource.group == "certificates.k8s.io" && name == "certificatesigningrequests")
    return {
        {name_column(),
         age_column(),
         {"SignerName", "string", "", "Only one of SignerName or Duration is set"},
         {"Requestor", "string", "", "Name of the user who made the request"},
         {"RequestedDuration", "string", "", "The requested duration of the certificate"},
         {"Condition", "string", "", "Conditions applied to the request, such as approval or denial."}},
        [](const json& o, auto now) -> std::vector<json> {
          const auto& spec = member(o, "spec");
          return {
              name_of(o), age(o, now),     string_member(spec, "signerName"), string_member(spec, "username"),
              "<none>",   csr_condition(o)};
        }};
  // rest.NewDefaultTableConvertor for the rest.
  return {{name_column(),
           {"Created At", "date", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created. It "
            "is not guaranteed to be set in happens-before order across separate operations. Clients may not "
            "set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
            "Read-only. Null for lists. More info: "
            "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"}},
          [](const json& o, auto) -> std::vector<json> {
            return {name_of(o), string_member(member(o, "metadata"), "creationTimestamp")};
          }};
}

json row_object(const json& object, const std::string& include_object) {
  if (include_object == "None") return nullptr;
  if (include_object == "Object") return object;
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", member(object, "metadata")}};
}

}  // namespace

bool wants_table(const std::string& accept) {
  for (const auto& offer : split(accept, ','))
    if (offer.find("as=Table") != std::string::npos && offer.find("g=meta.k8s.io") != std::string::npos &&
        offer.find("v=v1") != std::string::npos && offer.find("v=v1beta1") == std::string::npos)
      return true;
  return false;
}

json to_table(const Resource& resource, const json& answer, const std::string& include_object,
              std::chrono::system_clock::time_point now) {
  auto printer = printer_for(resource);
  auto definitions = json::array();
  for (const auto& c : printer.columns) definitions.push_back(column(c));
  auto rows = json::array();
  auto add = [&](const json& object) {
    rows.push_back({{"cells", printer.cells(object, now)}, {"object", row_object(object, include_object)}});
  };
  if (member(answer, "items").is_array())
    for (const auto& item : answer["items"]) add(item);
  else
    add(answer);
  json metadata = {{"resourceVersion", string_member(member(answer, "metadata"), "resourceVersion")}};
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", metadata},
          {"columnDefinitions", definitions},
          {"rows", rows}};
}

std::string human_duration(std::chrono::seconds age) {
  auto seconds = age.count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return std::to_string(seconds) + "s";
  auto minutes = seconds / 60;
  if (minutes < 10)
    return std::to_string(minutes) + "m" + (seconds % 60 ? std::to_string(seconds % 60) + "s" : "");
  if (minutes < 180) return std::to_string(minutes) + "m";
  auto hours = minutes / 60;
  if (hours < 8)
    return std::to_string(hours) + "h" + (minutes % 60 ? std::to_string(minutes % 60) + "m" : "");
  if (hours < 48) return std::to_string(hours) + "h";
  if (hours < 24 * 8)
    return std::to_string(hours / 24) + "d" + (hours % 24 ? std::to_string(hours % 24) + "h" : "");
  if (hours < 24 * 365 * 2) return std::to_string(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    auto days = (hours / 24) % 365;
    return std::to_string(hours / 24 / 365) + "y" + (days ? std::to_string(days) + "d" : "");
  }
  return std::to_string(hours / 24 / 365) + "y";
}

}  // namespace ks::standin
