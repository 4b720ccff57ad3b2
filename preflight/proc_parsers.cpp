#include "preflight/proc_parsers.hpp"

#include <sstream>

#include "base/strings.hpp"

namespace ks::preflight {

std::optional<unsigned> effective_uid(const std::string& status) {
  std::istringstream lines(status);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("Uid:")) continue;
    std::istringstream fields(line.substr(4));
    unsigned real = 0, effective = 0;
    if (fields >> real >> effective) return effective;
  }
  return std::nullopt;
}

unsigned count_processors(const std::string& cpuinfo) {
  unsigned count = 0;
  std::istringstream lines(cpuinfo);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("processor") && line.find(':') != std::string::npos) ++count;
  return count;
}

std::optional<unsigned long long> mem_total_kib(const std::string& meminfo) {
  std::istringstream lines(meminfo);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("MemTotal:")) continue;
    std::istringstream fields(line.substr(9));
    unsigned long long kib = 0;
    if (fields >> kib) return kib;
  }
  return std::nullopt;
}

std::vector<std::string> active_swaps(const std::string& swaps) {
  std::vector<std::string> devices;
  std::istringstream lines(swaps);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string device;
    if (fields >> device) devices.push_back(device);
  }
  return devices;
}

std::optional<std::pair<int, int>> kernel_version(const std::string& osrelease) {
  auto parts = split(trim(osrelease), '.');
  if (parts.size() < 2 || !is_all_digits(parts[0])) return std::nullopt;
  std::string minor;
  for (char c : parts[1]) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    minor += c;
  }
  if (minor.empty()) return std::nullopt;
  auto major_number = parse_integer<int>(parts[0]), minor_number = parse_integer<int>(minor);
  if (!major_number || !minor_number) return std::nullopt;
  return std::pair{*major_number, *minor_number};
}

std::map<std::string, bool> cgroup_v1_subsystems(const std::string& cgroups) {
  std::map<std::string, bool> subsystems;
  std::istringstream lines(cgroups);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with('#')) continue;
    std::istringstream fields(line);
    std::string name;
    int hierarchy = 0, count = 0, enabled = 0;
    if (fields >> name >> hierarchy >> count >> enabled) subsystems[name] = enabled == 1;
  }
  return subsystems;
}

std::set<int> listening_ports(const std::string& tcp) {
  std::set<int> ports;
  std::istringstream lines(tcp);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    if (!(fields >> slot >> local >> remote >> state) || state != "0A") continue;
    auto colon = local.rfind(':');
    if (colon == std::string::npos) continue;
    if (auto port = parse_integer<uint16_t>(std::string_view(local).substr(colon + 1), 16))
      ports.insert(*port);
  }
  return ports;
}

}  // namespace ks::preflight
