#pragma once

#include <vector>

#include "preflight/check.hpp"

namespace ks::preflight {

// Groups of checks, one file each.
std::vector<Check> system_checks();  // user, CPUs, memory, swap, kernel and cgroups, hostname
std::vector<Check> network_checks(
    const config::InitConfiguration& config);  // ports, forwarding, bridge, proxies
std::vector<Check> file_checks(
    const config::InitConfiguration& config);  // files in the way, required programs
std::vector<Check> runtime_checks();           // container runtime and kubelet

// Everything `init` checks, in kubeadm's order.
std::vector<Check> init_checks(const config::InitConfiguration& config);

}  // namespace ks::preflight
