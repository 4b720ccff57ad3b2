#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.hpp"
#include "kube/api.hpp"

namespace ks::standin {

// The kubelet's node lease (pkg/kubelet/kubelet.go with
// staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go and
// pkg/kubelet/util/nodelease.go): Lease kube-node-lease/<node>, holderIdentity the node, leaseDurationSeconds
// nodeLeaseDurationSeconds (40), renewed every quarter of that (nodeLeaseRenewIntervalFraction 0.25) with
// renewTime the current MicroTime, and an owner reference to the Node (v1, its uid) set while it has none.
class NodeLease {
 public:
  static constexpr int kDurationSeconds = 40;
  static constexpr std::chrono::seconds kRenewInterval{kDurationSeconds / 4};

  NodeLease(std::string node, std::string node_uid)
      : node_(std::move(node)), node_uid_(std::move(node_uid)) {}

  // One sync: an update of the lease last written, else get (and create when missing) and update; a
  // conflict is retried from a fresh get, up to 5 times as retryUpdateLease does. `now` is a MicroTime
  // (RFC 3339 with microseconds).
  Status renew(kube::Api& api, const std::string& now);

 private:
  nlohmann::json renewed(nlohmann::json base, const std::string& now) const;

  std::string node_, node_uid_;
  nlohmann::json latest_;  // the lease as the server last returned it
};

}  // namespace ks::standin
