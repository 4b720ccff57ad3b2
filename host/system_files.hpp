#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "host/files.hpp"

namespace ks::host {

// Read-only view of the kernel's /proc and /sys. Under a root directory that has its own proc/ (a fixture
// captured from a real machine), reads come from there; under a scratch root without one, from the running
// kernel — so a dry run into an empty directory still sees this machine's hostname and routes.
class SystemFiles {
 public:
  explicit SystemFiles(const Files& node_files);
  // It may point into itself (machine_): never copied.
  SystemFiles(const SystemFiles&) = delete;
  SystemFiles& operator=(const SystemFiles&) = delete;

  Result<std::string> read(std::string_view path) const;  // e.g. "/proc/sys/kernel/hostname"
  bool exists(std::string_view path) const;
  // Whether reads come from the root directory rather than the running kernel.
  bool from_root() const { return from_root_; }

 private:
  std::optional<RootFiles> machine_;  // this machine's own /proc and /sys, when the root has none
  const Files* files_;
  bool from_root_;
};

}  // namespace ks::host
