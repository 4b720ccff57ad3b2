#include "tests/support/kubelet/node_status.hpp"

#include "base/json_access.hpp"

namespace ks::standin {

namespace {

constexpr int64_t kMi = 1024 * 1024;
constexpr int kKubeletPort = 10250;
constexpr int kMaxPods = 110;

// resource.Quantity in BinarySI as it prints a byte count: the largest binary suffix that divides it.
std::string binary_quantity(int64_t value) {
  static const char* const kSuffixes[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  int suffix = -1;
  while (value != 0 && value % 1024 == 0 && suffix < 5) {
    value /= 1024;
    ++suffix;
  }
  return std::to_string(value) + (suffix >= 0 ? kSuffixes[suffix] : "");
}

nlohmann::json node_condition(const std::string& type, const std::string& status, const std::string& reason,
                              const std::string& message, const std::string& now,
                              const nlohmann::json& previous) {
  std::string since = now;
  const auto& conditions = member(previous, "conditions");
  if (conditions.is_array())
    for (const auto& had : conditions)
      if (string_member(had, "type") == type && string_member(had, "status") == status)
        since = string_member(had, "lastTransitionTime", now);
  return {{"type", type},       {"status", status},         {"reason", reason},
          {"message", message}, {"lastHeartbeatTime", now}, {"lastTransitionTime", since}};
}

nlohmann::json without_heartbeat(nlohmann::json status) {
  if (status["conditions"].is_array())
    for (auto& each : status["conditions"]) each.erase("lastHeartbeatTime");
  return status;
}

}  // namespace

nlohmann::json node_status(const MachineInfo& machine, const std::vector<NodeAddress>& addresses,
                           const std::string& now, const nlohmann::json& previous) {
  auto address_list = nlohmann::json::array();
  for (const auto& address : addresses)
    address_list.push_back({{"type", address.type}, {"address", address.address}});
  nlohmann::json capacity = {{"cpu", std::to_string(machine.cpus)},
                             {"memory", binary_quantity(machine.memory_bytes)},
                             {"ephemeral-storage", binary_quantity(machine.ephemeral_storage)},
                             {"hugepages-1Gi", "0"},
                             {"hugepages-2Mi", "0"},
                             {"pods", std::to_string(kMaxPods)}};
  auto allocatable = capacity;
  allocatable["memory"] = binary_quantity(std::max<int64_t>(0, machine.memory_bytes - 100 * kMi));
  allocatable["ephemeral-storage"] = binary_quantity(
      machine.ephemeral_storage - static_cast<int64_t>(static_cast<double>(machine.ephemeral_storage) * 0.1));
  return {
      {"addresses", address_list},
      {"capacity", capacity},
      {"allocatable", allocatable},
      {"conditions",
       {node_condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                       "kubelet has sufficient memory available", now, previous),
        node_condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                       now, previous),
        node_condition("PIDPressure", "False", "KubeletHasSufficientPID",
                       "kubelet has sufficient PID available", now, previous),
        node_condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, previous)}},
      {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", kKubeletPort}}}}},
      {"nodeInfo",
       {{"machineID", machine.machine_id},
        {"systemUUID", machine.system_uuid},
        {"bootID", machine.boot_id},
        {"kernelVersion", machine.kernel_version},
        {"osImage", machine.os_image},
        {"containerRuntimeVersion", kContainerRuntimeVersion},
        {"kubeletVersion", kKubeletVersion},
        {"kubeProxyVersion", kKubeletVersion},
        {"operatingSystem", "linux"},
        {"architecture", machine.architecture}}}};
}

nlohmann::json node_to_register(const std::string& name, const std::string& architecture,
                                const nlohmann::json& status) {
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata",
           {{"name", name},
            {"labels",
             {{"kubernetes.io/hostname", name},
              {"kubernetes.io/os", "linux"},
              {"kubernetes.io/arch", architecture},
              {"beta.kubernetes.io/os", "linux"},
              {"beta.kubernetes.io/arch", architecture}}},
            {"annotations", {{"volumes.kubernetes.io/controller-managed-attach-detach", "true"}}}}},
          {"spec", nlohmann::json::object()},
          {"status", status}};
}

void NodeStatusReporter::registered(nlohmann::json status, std::chrono::steady_clock::time_point at) {
  last_ = std::move(status);
  reported_at_ = at;
}

Status NodeStatusReporter::update(kube::Api& api, nlohmann::json status,
                                  std::chrono::steady_clock::time_point at) {
  if (without_heartbeat(status) == without_heartbeat(last_) && at - reported_at_ < std::chrono::minutes(5))
    return {};
  auto patched = api.request("PATCH", "/api/v1/nodes/" + name_ + "/status", {{"status", status}},
                             "application/strategic-merge-patch+json");
  if (!patched) return std::unexpected(patched.error());
  if (!patched->ok()) return failure("updating the status of node " + name_, patched->message);
  registered(std::move(status), at);
  return {};
}

}  // namespace ks::standin
