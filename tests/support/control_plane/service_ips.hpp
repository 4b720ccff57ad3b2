#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>

#include "base/ip.hpp"
#include "tests/support/control_plane/reply.hpp"

namespace ks::standin {

// Sets a new Service's spec.clusterIP(s) as pkg/registry/core/service/storage/alloc.go does with the
// bitmap allocator of pkg/registry/core/service/ipallocator: a requested address must lie in
// --service-cluster-ip-range (not its network or broadcast address) and be free, else 422
// "failed to allocate IP <ip>: ..."; without one the first free address is taken. `taken` holds every
// address other Services hold. Headless ("None") and ExternalName Services get none.
std::optional<Reply> allocate_cluster_ip(nlohmann::json& service, const Cidr& range,
                                         const std::set<std::string>& taken);

// An update keeps the addresses the client left out (patchAllocatedValues in storage.go) and may not change
// them (validateUpgradeDowngradeClusterIPs: "may not change once set").
std::optional<Reply> keep_cluster_ip(nlohmann::json& service, const nlohmann::json& old);

}  // namespace ks::standin
