#include "preflight/containerd_config.hpp"

#include <toml++/toml.h>

#include <algorithm>

#include "base/utf8.hpp"

namespace ks::preflight {

bool ContainerdConfig::disables_cri() const {
  return std::ranges::any_of(disabled_plugins, [](const std::string& p) {
    return p == "cri" || p == "io.containerd.grpc.v1.cri" || p.starts_with("io.containerd.cri.v1.");
  });
}

Result<ContainerdConfig> parse_containerd_config(const std::string& text) {
  // TOML is UTF-8; toml++ reaches an unreachable branch on some broken sequences, so they stop here.
  if (auto at = invalid_utf8_at(text))
    return invalid("cannot read " + std::string(kContainerdConfigPath),
                   "byte " + std::to_string(*at + 1) + " is not valid UTF-8");
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& e) {
    return invalid("cannot read " + std::string(kContainerdConfigPath),
                   std::string(e.description()) + " at line " + std::to_string(e.source().begin.line));
  }
  ContainerdConfig config;
  if (auto* disabled = table["disabled_plugins"].as_array())
    for (const auto& item : *disabled)
      if (auto name = item.value<std::string>()) config.disabled_plugins.push_back(*name);
  // containerd 1.x (config version 2) and 2.x (version 3) keep runc's options under different plugins.
  for (const char* plugin : {"io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime"})
    if (auto value = table["plugins"][plugin]["containerd"]["runtimes"]["runc"]["options"]["SystemdCgroup"]
                         .value<bool>())
      config.systemd_cgroup = *value;
  return config;
}

}  // namespace ks::preflight
