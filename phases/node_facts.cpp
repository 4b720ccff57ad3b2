#include "phases/node_facts.hpp"

#include <algorithm>

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "templates/control_plane_pods.hpp"

namespace ks::phases {

templates::NodeFacts read_node_facts(const host::Host& host) {
  templates::NodeFacts facts;
  for (const auto& directory : templates::optional_ca_directories())
    if (auto info = host.files.stat(directory); info && info->type == host::FileType::Directory)
      facts.ca_directories.push_back(directory);
  for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"})
    if (auto value = host.environment.get(name); value && !value->empty())
      facts.proxy_env.push_back({name, *value});
  std::ranges::sort(facts.proxy_env, {}, &config::EnvVar::name);
  if (auto hostname = host.system.read(constants::kHostnameFile))
    facts.os_hostname = to_lower(trim(*hostname));
  facts.systemd_resolved = host.files.exists("/run/systemd/resolve/resolv.conf");
  return facts;
}

}  // namespace ks::phases
