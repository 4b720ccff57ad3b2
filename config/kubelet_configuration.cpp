#include "config/kubelet_configuration.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "base/duration.hpp"
#include "base/strings.hpp"
#include "base/utf8.hpp"

namespace ks::config {

namespace {

using nlohmann::json;

enum class Kind {
  String,
  Bool,
  Int32,
  Int64,
  Uint32,
  Float,
  Duration,         // metav1.Duration: a Go duration string
  Quantity,         // resource.Quantity: a string or a number
  DurationOrInt64,  // logsapi.TimeOrMetaDuration
  MapOfStrings,
  MapOfBools,
  MapOfStringLists,
  MapOfQuantities,
  ListOfStrings,
  Object,
  ListOfObjects,  // its items' fields are listed as "name[].field"
};

// The fields of KubeletConfiguration v1beta1 in Kubernetes v1.32 (k8s.io/kubelet/config/v1beta1/types.go
// and the logging and tracing types it embeds), by JSON path.
const std::unordered_map<std::string_view, Kind>& fields() {
  static const std::unordered_map<std::string_view, Kind> table = {
      {"apiVersion", Kind::String},
      {"kind", Kind::String},
      {"enableServer", Kind::Bool},
      {"staticPodPath", Kind::String},
      {"podLogsDir", Kind::String},
      {"syncFrequency", Kind::Duration},
      {"fileCheckFrequency", Kind::Duration},
      {"httpCheckFrequency", Kind::Duration},
      {"staticPodURL", Kind::String},
      {"staticPodURLHeader", Kind::MapOfStringLists},
      {"address", Kind::String},
      {"port", Kind::Int32},
      {"readOnlyPort", Kind::Int32},
      {"tlsCertFile", Kind::String},
      {"tlsPrivateKeyFile", Kind::String},
      {"tlsCipherSuites", Kind::ListOfStrings},
      {"tlsMinVersion", Kind::String},
      {"rotateCertificates", Kind::Bool},
      {"serverTLSBootstrap", Kind::Bool},
      {"authentication", Kind::Object},
      {"authentication.x509", Kind::Object},
      {"authentication.x509.clientCAFile", Kind::String},
      {"authentication.webhook", Kind::Object},
      {"authentication.webhook.enabled", Kind::Bool},
      {"authentication.webhook.cacheTTL", Kind::Duration},
      {"authentication.anonymous", Kind::Object},
      {"authentication.anonymous.enabled", Kind::Bool},
      {"authorization", Kind::Object},
      {"authorization.mode", Kind::String},
      {"authorization.webhook", Kind::Object},
      {"authorization.webhook.cacheAuthorizedTTL", Kind::Duration},
      {"authorization.webhook.cacheUnauthorizedTTL", Kind::Duration},
      {"registryPullQPS", Kind::Int32},
      {"registryBurst", Kind::Int32},
      {"eventRecordQPS", Kind::Int32},
      {"eventBurst", Kind::Int32},
      {"enableDebuggingHandlers", Kind::Bool},
      {"enableContentionProfiling", Kind::Bool},
      {"healthzPort", Kind::Int32},
      {"healthzBindAddress", Kind::String},
      {"oomScoreAdj", Kind::Int32},
      {"clusterDomain", Kind::String},
      {"clusterDNS", Kind::ListOfStrings},
      {"streamingConnectionIdleTimeout", Kind::Duration},
      {"nodeStatusUpdateFrequency", Kind::Duration},
      {"nodeStatusReportFrequency", Kind::Duration},
      {"nodeLeaseDurationSeconds", Kind::Int32},
      {"imageMinimumGCAge", Kind::Duration},
      {"imageMaximumGCAge", Kind::Duration},
      {"imageGCHighThresholdPercent", Kind::Int32},
      {"imageGCLowThresholdPercent", Kind::Int32},
      {"volumeStatsAggPeriod", Kind::Duration},
      {"kubeletCgroups", Kind::String},
      {"systemCgroups", Kind::String},
      {"cgroupRoot", Kind::String},
      {"cgroupsPerQOS", Kind::Bool},
      {"cgroupDriver", Kind::String},
      {"cpuManagerPolicy", Kind::String},
      {"singleProcessOOMKill", Kind::Bool},
      {"cpuManagerPolicyOptions", Kind::MapOfStrings},
      {"cpuManagerReconcilePeriod", Kind::Duration},
      {"memoryManagerPolicy", Kind::String},
      {"topologyManagerPolicy", Kind::String},
      {"topologyManagerScope", Kind::String},
      {"topologyManagerPolicyOptions", Kind::MapOfStrings},
      {"qosReserved", Kind::MapOfStrings},
      {"runtimeRequestTimeout", Kind::Duration},
      {"hairpinMode", Kind::String},
      {"maxPods", Kind::Int32},
      {"podCIDR", Kind::String},
      {"podPidsLimit", Kind::Int64},
      {"resolvConf", Kind::String},
      {"runOnce", Kind::Bool},
      {"cpuCFSQuota", Kind::Bool},
      {"cpuCFSQuotaPeriod", Kind::Duration},
      {"nodeStatusMaxImages", Kind::Int32},
      {"maxOpenFiles", Kind::Int64},
      {"contentType", Kind::String},
      {"kubeAPIQPS", Kind::Int32},
      {"kubeAPIBurst", Kind::Int32},
      {"serializeImagePulls", Kind::Bool},
      {"maxParallelImagePulls", Kind::Int32},
      {"evictionHard", Kind::MapOfStrings},
      {"evictionSoft", Kind::MapOfStrings},
      {"evictionSoftGracePeriod", Kind::MapOfStrings},
      {"evictionPressureTransitionPeriod", Kind::Duration},
      {"evictionMaxPodGracePeriod", Kind::Int32},
      {"evictionMinimumReclaim", Kind::MapOfStrings},
      {"podsPerCore", Kind::Int32},
      {"enableControllerAttachDetach", Kind::Bool},
      {"protectKernelDefaults", Kind::Bool},
      {"makeIPTablesUtilChains", Kind::Bool},
      {"iptablesMasqueradeBit", Kind::Int32},
      {"iptablesDropBit", Kind::Int32},
      {"featureGates", Kind::MapOfBools},
      {"failSwapOn", Kind::Bool},
      {"memorySwap", Kind::Object},
      {"memorySwap.swapBehavior", Kind::String},
      {"containerLogMaxSize", Kind::String},
      {"containerLogMaxFiles", Kind::Int32},
      {"containerLogMaxWorkers", Kind::Int32},
      {"containerLogMonitorInterval", Kind::Duration},
      {"configMapAndSecretChangeDetectionStrategy", Kind::String},
      {"systemReserved", Kind::MapOfStrings},
      {"kubeReserved", Kind::MapOfStrings},
      {"reservedSystemCPUs", Kind::String},
      {"showHiddenMetricsForVersion", Kind::String},
      {"systemReservedCgroup", Kind::String},
      {"kubeReservedCgroup", Kind::String},
      {"enforceNodeAllocatable", Kind::ListOfStrings},
      {"allowedUnsafeSysctls", Kind::ListOfStrings},
      {"volumePluginDir", Kind::String},
      {"providerID", Kind::String},
      {"kernelMemcgNotification", Kind::Bool},
      {"logging", Kind::Object},
      {"logging.format", Kind::String},
      {"logging.flushFrequency", Kind::DurationOrInt64},
      {"logging.verbosity", Kind::Uint32},
      {"logging.vmodule", Kind::ListOfObjects},
      {"logging.vmodule[].filePattern", Kind::String},
      {"logging.vmodule[].verbosity", Kind::Uint32},
      {"logging.options", Kind::Object},
      {"logging.options.text", Kind::Object},
      {"logging.options.text.splitStream", Kind::Bool},
      {"logging.options.text.infoBufferSize", Kind::Quantity},
      {"logging.options.json", Kind::Object},
      {"logging.options.json.splitStream", Kind::Bool},
      {"logging.options.json.infoBufferSize", Kind::Quantity},
      {"enableSystemLogHandler", Kind::Bool},
      {"enableSystemLogQuery", Kind::Bool},
      {"shutdownGracePeriod", Kind::Duration},
      {"shutdownGracePeriodCriticalPods", Kind::Duration},
      {"shutdownGracePeriodByPodPriority", Kind::ListOfObjects},
      {"shutdownGracePeriodByPodPriority[].priority", Kind::Int32},
      {"shutdownGracePeriodByPodPriority[].shutdownGracePeriodSeconds", Kind::Int64},
      {"crashLoopBackOff", Kind::Object},
      {"crashLoopBackOff.maxContainerRestartPeriod", Kind::Duration},
      {"reservedMemory", Kind::ListOfObjects},
      {"reservedMemory[].numaNode", Kind::Int32},
      {"reservedMemory[].limits", Kind::MapOfQuantities},
      {"enableProfilingHandler", Kind::Bool},
      {"enableDebugFlagsHandler", Kind::Bool},
      {"seccompDefault", Kind::Bool},
      {"memoryThrottlingFactor", Kind::Float},
      {"registerWithTaints", Kind::ListOfObjects},
      {"registerWithTaints[].key", Kind::String},
      {"registerWithTaints[].value", Kind::String},
      {"registerWithTaints[].effect", Kind::String},
      {"registerWithTaints[].timeAdded", Kind::String},
      {"registerNode", Kind::Bool},
      {"tracing", Kind::Object},
      {"tracing.endpoint", Kind::String},
      {"tracing.samplingRatePerMillion", Kind::Int32},
      {"localStorageCapacityIsolation", Kind::Bool},
      {"containerRuntimeEndpoint", Kind::String},
      {"imageServiceEndpoint", Kind::String},
      {"failCgroupV1", Kind::Bool},
      {"userNamespaces", Kind::Object},
      {"userNamespaces.idsPerPod", Kind::Int64},
  };
  return table;
}

bool is_int_in(const json& v, int64_t low, int64_t high) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned()) return v.get<uint64_t>() <= static_cast<uint64_t>(high);
  return v.get<int64_t>() >= low && v.get<int64_t>() <= high;
}

bool is_duration(const json& v) {
  return v.is_string() && parse_go_duration(v.get<std::string>()).has_value();
}

template <class Predicate>
bool all_values(const json& v, Predicate ok) {
  if (!v.is_object()) return false;
  for (const auto& [key, item] : v.items())
    if (!ok(item)) return false;
  return true;
}

// The form a value of `kind` must have, or empty when `value` has it.
std::string expected_form(Kind kind, const json& value) {
  auto is_string = [](const json& v) { return v.is_string(); };
  auto is_quantity = [](const json& v) { return v.is_string() || v.is_number(); };
  switch (kind) {
    case Kind::String:
      return value.is_string() ? "" : "a string";
    case Kind::Bool:
      return value.is_boolean() ? "" : "true or false";
    case Kind::Int32:
      return is_int_in(value, INT32_MIN, INT32_MAX) ? "" : "a 32-bit integer";
    case Kind::Int64:
      return is_int_in(value, INT64_MIN, INT64_MAX) ? "" : "a 64-bit integer";
    case Kind::Uint32:
      return is_int_in(value, 0, UINT32_MAX) ? "" : "an integer from 0 to 4294967295";
    case Kind::Float:
      return value.is_number() ? "" : "a number";
    case Kind::Duration:
      return is_duration(value) ? "" : "a duration string like \"1m0s\"";
    case Kind::Quantity:
      return is_quantity(value) ? "" : "a quantity like \"100Mi\" or a number";
    case Kind::DurationOrInt64:
      return is_duration(value) || is_int_in(value, INT64_MIN, INT64_MAX)
                 ? ""
                 : "a duration string or nanoseconds";
    case Kind::MapOfStrings:
      return all_values(value, is_string) ? "" : "a mapping of strings";
    case Kind::MapOfBools:
      return all_values(value, [](const json& v) { return v.is_boolean(); })
                 ? ""
                 : "a mapping of names to true/false";
    case Kind::MapOfStringLists:
      return all_values(value,
                        [](const json& v) {
                          return v.is_array() &&
                                 std::ranges::all_of(v, [](const json& s) { return s.is_string(); });
                        })
                 ? ""
                 : "a mapping of lists of strings";
    case Kind::MapOfQuantities:
      return all_values(value, is_quantity) ? "" : "a mapping of quantities";
    case Kind::ListOfStrings:
      return value.is_array() && std::ranges::all_of(value, is_string) ? "" : "a list of strings";
    case Kind::Object:
      return value.is_object() ? "" : "a mapping";
    case Kind::ListOfObjects:
      return value.is_array() && std::ranges::all_of(value, [](const json& v) { return v.is_object(); })
                 ? ""
                 : "a list of mappings";
  }
  return "";
}

std::string type_of(const json& v) {
  if (v.is_object()) return "a mapping";
  if (v.is_array()) return "a list";
  if (v.is_string()) return "the string " + quote(v.get<std::string>());
  if (v.is_boolean() || v.is_number()) return v.dump();
  return "null";
}

void check_object(const json& object, const std::string& prefix, std::vector<std::string>& problems,
                  std::vector<std::string>& warnings) {
  for (const auto& [key, value] : object.items()) {
    auto path = prefix.empty() ? key : prefix + "." + key;
    auto field = fields().find(path);
    if (field == fields().end()) {
      warnings.push_back("unknown field " + printable(path) + " (ignored by the kubelet)");
      continue;
    }
    if (value.is_null()) continue;  // Go leaves the field at its zero value
    if (auto form = expected_form(field->second, value); !form.empty()) {
      problems.push_back(printable(path) + ": expected " + form + ", got " + type_of(value));
      continue;
    }
    if (field->second == Kind::Object) check_object(value, path, problems, warnings);
    if (field->second == Kind::ListOfObjects)
      for (const auto& item : value) check_object(item, path + "[]", problems, warnings);
  }
}

}  // namespace

Status check_kubelet_configuration(const json& document, const std::string& where,
                                   std::vector<std::string>& warnings) {
  std::vector<std::string> problems;
  check_object(document, "", problems, warnings);
  // kubestrap reads this one itself (preflight compares it with containerd's); the kubelet knows no other.
  if (auto driver = document.find("cgroupDriver");
      driver != document.end() && driver->is_string() && *driver != "systemd" && *driver != "cgroupfs")
    problems.push_back("cgroupDriver: expected systemd or cgroupfs, got " +
                       quote(driver->get<std::string>()));
  if (problems.empty()) return {};
  std::string why;
  for (const auto& problem : problems) why += "\n  - " + problem;
  return invalid(where + ": invalid KubeletConfiguration", why,
                 "correct the fields named above (types as in kubelet.config.k8s.io/v1beta1)");
}

}  // namespace ks::config
