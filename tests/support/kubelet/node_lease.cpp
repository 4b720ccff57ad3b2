#include "tests/support/kubelet/node_lease.hpp"

#include "base/json_access.hpp"

namespace ks::standin {

namespace {

std::string lease_path(const std::string& node) {
  return "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node;
}

}  // namespace

nlohmann::json NodeLease::renewed(nlohmann::json base, const std::string& now) const {
  if (base.is_null())
    base = {{"apiVersion", "coordination.k8s.io/v1"},
            {"kind", "Lease"},
            {"metadata", {{"name", node_}, {"namespace", "kube-node-lease"}}},
            {"spec", {{"holderIdentity", node_}, {"leaseDurationSeconds", kDurationSeconds}}}};
  base["spec"]["renewTime"] = now;
  if (member(base["metadata"], "ownerReferences").empty() && !node_uid_.empty())
    base["metadata"]["ownerReferences"] = {
        {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_}, {"uid", node_uid_}}};
  return base;
}

Status NodeLease::renew(kube::Api& api, const std::string& now) {
  if (!latest_.is_null()) {
    auto updated = api.request("PUT", lease_path(node_), renewed(latest_, now));
    if (updated && updated->ok()) {
      latest_ = updated->body;
      return {};
    }
    latest_ = nullptr;
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto current = api.request("GET", lease_path(node_));
    if (!current) return std::unexpected(current.error());
    if (current->status == 404) {
      // ensureLease: a missing lease is created renewed.
      auto created = api.request("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                                 renewed(nullptr, now));
      if (!created) return std::unexpected(created.error());
      if (created->ok()) {
        latest_ = created->body;
        return {};
      }
      if (created->status == 409) continue;
      return failure("creating the node lease", created->message);
    }
    if (!current->ok()) return failure("reading the node lease", current->message);
    auto updated = api.request("PUT", lease_path(node_), renewed(current->body, now));
    if (!updated) return std::unexpected(updated.error());
    if (updated->ok()) {
      latest_ = updated->body;
      return {};
    }
    if (updated->status != 409) return failure("renewing the node lease", updated->message);
  }
  return failure("renewing the node lease", "conflicts on every attempt");
}

}  // namespace ks::standin
