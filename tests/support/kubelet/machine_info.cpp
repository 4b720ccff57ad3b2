#include "tests/support/kubelet/machine_info.hpp"

#include <sys/statvfs.h>

#include <sstream>

#include "base/strings.hpp"
#include "host/system_files.hpp"

namespace ks::standin {

namespace {

std::string first_of(const host::Files& files, std::initializer_list<const char*> paths) {
  host::RootFiles live("/");
  for (const host::Files* where : {&files, static_cast<const host::Files*>(&live)})
    for (const char* path : paths)
      if (auto text = where->read(path); text && !trim(*text).empty()) return std::string(trim(*text));
  return "";
}

std::string pretty_name(const std::string& os_release) {
  std::istringstream lines(os_release);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("PRETTY_NAME=")) {
      auto value = line.substr(12);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\''))
        value = value.substr(1, value.size() - 2);
      return value;
    }
  return "Linux";  // cAdvisor's answer without one
}

int64_t mem_total_bytes(const std::string& meminfo) {
  std::istringstream lines(meminfo);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("MemTotal:")) return std::stoll(line.substr(9)) * 1024;
  return 0;
}

int64_t processors(const std::string& cpuinfo) {
  int64_t count = 0;
  std::istringstream lines(cpuinfo);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("processor")) ++count;
  return count > 0 ? count : 1;
}

}  // namespace

MachineInfo read_machine_info(const host::Files& files) {
  host::SystemFiles system(files);
  auto kernel = [&](const char* path) { return std::string(trim(system.read(path).value_or(""))); };
  MachineInfo info;
  info.machine_id = first_of(files, {"/etc/machine-id", "/var/lib/dbus/machine-id"});
  info.system_uuid = kernel("/sys/class/dmi/id/product_uuid");
  info.boot_id = kernel("/proc/sys/kernel/random/boot_id");
  info.kernel_version = kernel("/proc/sys/kernel/osrelease");
  info.os_image = pretty_name(first_of(files, {"/etc/os-release", "/usr/lib/os-release"}));
#if defined(__x86_64__)
  info.architecture = "amd64";
#elif defined(__aarch64__)
  info.architecture = "arm64";
#else
  info.architecture = "unknown";
#endif
  info.cpus = processors(system.read("/proc/cpuinfo").value_or(""));
  info.memory_bytes = mem_total_bytes(system.read("/proc/meminfo").value_or(""));
  struct statvfs filesystem {};
  if (::statvfs(files.resolve("/").c_str(), &filesystem) == 0)
    info.ephemeral_storage =
        static_cast<int64_t>(filesystem.f_blocks) * static_cast<int64_t>(filesystem.f_frsize);
  return info;
}

}  // namespace ks::standin
