#pragma once

#include <cstdint>
#include <string>

#include "host/files.hpp"

namespace ks::standin {

// What the kubelet learns about its machine (through cAdvisor and the container runtime) and reports in
// its Node's status.nodeInfo and capacity.
struct MachineInfo {
  std::string machine_id;   // /etc/machine-id, else /var/lib/dbus/machine-id
  std::string system_uuid;  // /sys/class/dmi/id/product_uuid (empty where it cannot be read)
  std::string boot_id;      // /proc/sys/kernel/random/boot_id
  std::string kernel_version;
  std::string os_image;      // PRETTY_NAME of /etc/os-release
  std::string architecture;  // GOARCH of the kubelet binary
  int64_t cpus = 1;
  int64_t memory_bytes = 0;       // MemTotal
  int64_t ephemeral_storage = 0;  // the filesystem of the kubelet's root directory, in bytes
};

// Reads the machine through the node's root directory (`files`: a fixture's /etc, /proc and /sys when it
// has them), falling back to the running machine's, where a test node shares this machine's kernel.
MachineInfo read_machine_info(const host::Files& files);

}  // namespace ks::standin
