#pragma once

#include <vector>

#include "preflight/check.hpp"

namespace ks::preflight {

// What the machine is about to become; the checks differ (kubeadm's init and join lists).
enum class Role { Init, JoinControlPlane, JoinWorker };

// Groups of checks, one file each.
std::vector<Check> system_checks();  // user, CPUs, memory, swap, kernel and cgroups, hostname
// Ports, forwarding, bridge, proxies.
std::vector<Check> network_checks(const config::InitConfiguration& config, Role role);
// Files in the way, required programs.
std::vector<Check> file_checks(const config::InitConfiguration& config, Role role);
std::vector<Check> runtime_checks();  // container runtime and kubelet

// Everything kubestrap checks for a role, in kubeadm's order.
std::vector<Check> checks_for(const config::InitConfiguration& config, Role role);
inline std::vector<Check> init_checks(const config::InitConfiguration& config) {
  return checks_for(config, Role::Init);
}

}  // namespace ks::preflight
