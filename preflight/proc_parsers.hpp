#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ks::preflight {

// Parsers for the kernel files the checks read, kept apart so that tests can feed them captured text.
std::optional<unsigned> effective_uid(const std::string& proc_self_status);
unsigned count_processors(const std::string& proc_cpuinfo);
std::optional<unsigned long long> mem_total_kib(const std::string& proc_meminfo);
std::vector<std::string> active_swaps(const std::string& proc_swaps);
// "6.1.0-18-amd64" -> {6, 1}
std::optional<std::pair<int, int>> kernel_version(const std::string& osrelease);
// /proc/cgroups: subsystem -> enabled
std::map<std::string, bool> cgroup_v1_subsystems(const std::string& proc_cgroups);
// Ports in LISTEN state in /proc/net/tcp or tcp6.
std::set<int> listening_ports(const std::string& proc_net_tcp);

}  // namespace ks::preflight
