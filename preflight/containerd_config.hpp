#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::preflight {

// What preflight needs from containerd's config.toml (format version 2 of containerd 1.x, or 3 of 2.x).
struct ContainerdConfig {
  std::vector<std::string> disabled_plugins;
  std::optional<bool>
      systemd_cgroup;  // runc's SystemdCgroup option; unset means containerd's default (cgroupfs)
  bool disables_cri() const;
};

Result<ContainerdConfig> parse_containerd_config(const std::string& toml_text);

inline constexpr const char* kContainerdConfigPath = "/etc/containerd/config.toml";

}  // namespace ks::preflight
