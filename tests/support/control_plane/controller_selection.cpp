#include "tests/support/control_plane/controller_selection.hpp"

#include <algorithm>
#include <map>

#include "base/strings.hpp"
#include "tests/support/control_plane/flag_values.hpp"

namespace ks::standin {

namespace {

const std::vector<std::string_view>& known_controllers() {
  static const std::vector<std::string_view> names = {
      "bootstrap-signer-controller",
      "certificatesigningrequest-approving-controller",
      "certificatesigningrequest-cleaner-controller",
      "certificatesigningrequest-signing-controller",
      "cloud-node-lifecycle-controller",
      "clusterrole-aggregation-controller",
      "cronjob-controller",
      "daemonset-controller",
      "deployment-controller",
      "disruption-controller",
      "endpoints-controller",
      "endpointslice-controller",
      "endpointslice-mirroring-controller",
      "ephemeral-volume-controller",
      "garbage-collector-controller",
      "horizontal-pod-autoscaler-controller",
      "job-controller",
      "kube-apiserver-serving-clustertrustbundle-publisher-controller",
      "legacy-serviceaccount-token-cleaner-controller",
      "namespace-controller",
      "node-ipam-controller",
      "node-lifecycle-controller",
      "node-route-controller",
      "persistentvolume-attach-detach-controller",
      "persistentvolume-binder-controller",
      "persistentvolume-expander-controller",
      "persistentvolume-protection-controller",
      "persistentvolumeclaim-protection-controller",
      "pod-garbage-collector-controller",
      "replicaset-controller",
      "replicationcontroller-controller",
      "resourceclaim-controller",
      "resourcequota-controller",
      "root-ca-certificate-publisher-controller",
      "selinux-warning-controller",
      "service-cidr-controller",
      "service-lb-controller",
      "serviceaccount-controller",
      "serviceaccount-token-controller",
      "statefulset-controller",
      "storage-version-migrator-controller",
      "storageversion-garbage-collector-controller",
      "taint-eviction-controller",
      "token-cleaner-controller",
      "ttl-after-finished-controller",
      "ttl-controller",
      "validatingadmissionpolicy-status-controller",
      "volumeattributesclass-protection-controller",
  };
  return names;
}

const std::vector<std::string_view>& disabled_by_default() {
  static const std::vector<std::string_view> names = {
      "bootstrap-signer-controller", "selinux-warning-controller", "token-cleaner-controller"};
  return names;
}

// The names from before v1.28, still accepted (ControllerDescriptor.GetAliases).
const std::map<std::string_view, std::string_view>& aliases() {
  static const std::map<std::string_view, std::string_view> names = {
      {"attachdetach", "persistentvolume-attach-detach-controller"},
      {"bootstrapsigner", "bootstrap-signer-controller"},
      {"cloud-node-lifecycle", "cloud-node-lifecycle-controller"},
      {"clusterrole-aggregation", "clusterrole-aggregation-controller"},
      {"cronjob", "cronjob-controller"},
      {"csrapproving", "certificatesigningrequest-approving-controller"},
      {"csrcleaner", "certificatesigningrequest-cleaner-controller"},
      {"csrsigning", "certificatesigningrequest-signing-controller"},
      {"daemonset", "daemonset-controller"},
      {"deployment", "deployment-controller"},
      {"disruption", "disruption-controller"},
      {"endpoint", "endpoints-controller"},
      {"endpointslice", "endpointslice-controller"},
      {"endpointslicemirroring", "endpointslice-mirroring-controller"},
      {"ephemeral-volume", "ephemeral-volume-controller"},
      {"garbagecollector", "garbage-collector-controller"},
      {"horizontalpodautoscaling", "horizontal-pod-autoscaler-controller"},
      {"job", "job-controller"},
      {"legacy-service-account-token-cleaner", "legacy-serviceaccount-token-cleaner-controller"},
      {"namespace", "namespace-controller"},
      {"nodeipam", "node-ipam-controller"},
      {"nodelifecycle", "node-lifecycle-controller"},
      {"persistentvolume-binder", "persistentvolume-binder-controller"},
      {"persistentvolume-expander", "persistentvolume-expander-controller"},
      {"podgc", "pod-garbage-collector-controller"},
      {"pv-protection", "persistentvolume-protection-controller"},
      {"pvc-protection", "persistentvolumeclaim-protection-controller"},
      {"replicaset", "replicaset-controller"},
      {"replicationcontroller", "replicationcontroller-controller"},
      {"resource-claim-controller", "resourceclaim-controller"},
      {"resourcequota", "resourcequota-controller"},
      {"root-ca-cert-publisher", "root-ca-certificate-publisher-controller"},
      {"route", "node-route-controller"},
      {"service", "service-lb-controller"},
      {"serviceaccount", "serviceaccount-controller"},
      {"serviceaccount-token", "serviceaccount-token-controller"},
      {"statefulset", "statefulset-controller"},
      {"storage-version-gc", "storageversion-garbage-collector-controller"},
      {"tokencleaner", "token-cleaner-controller"},
      {"ttl", "ttl-controller"},
      {"ttl-after-finished", "ttl-after-finished-controller"},
  };
  return names;
}

}  // namespace

Result<ControllerSelection> ControllerSelection::from_flag(const std::vector<std::string>& items) {
  ControllerSelection selection;
  std::vector<std::string> errors;
  for (const auto& item : items.empty() ? std::vector<std::string>{"*"} : items) {
    if (item == "*") {
      selection.entries_.push_back(item);
      continue;
    }
    bool off = item.starts_with('-');
    std::string name = off ? item.substr(1) : item;
    if (auto alias = aliases().find(name); alias != aliases().end()) name = alias->second;
    if (std::ranges::find(known_controllers(), name) == known_controllers().end()) {
      errors.push_back(go_quote(off ? item.substr(1) : item) + " is not in the list of known controllers");
      continue;
    }
    selection.entries_.push_back(off ? "-" + name : name);
  }
  // utilerrors.NewAggregate prints one error as itself and several as "[a, b]".
  if (errors.size() == 1) return invalid(errors[0]);
  if (errors.size() > 1) return invalid("[" + join(errors, ", ") + "]");
  return selection;
}

bool ControllerSelection::enabled(std::string_view canonical_name) const {
  bool star = false;
  for (const auto& entry : entries_) {
    if (entry == canonical_name) return true;
    if (entry.starts_with('-') && std::string_view(entry).substr(1) == canonical_name) return false;
    if (entry == "*") star = true;
  }
  return star && std::ranges::find(disabled_by_default(), canonical_name) == disabled_by_default().end();
}

}  // namespace ks::standin
