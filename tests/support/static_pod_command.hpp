#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/yaml_reader.hpp"
#include "host/files.hpp"

namespace ks::testing {

// The command line of a rendered static Pod as a kubelet would start it on a node whose root is `root`:
// every argument that points into a hostPath volume's mountPath is rewritten to where that host path
// lives under the root, just as the container's bind mounts would make it appear.
inline std::vector<std::string> static_pod_command(const std::string& root,
                                                   const std::string& manifest_path) {
  auto pod = parse_yaml(host::RootFiles(root).read(manifest_path).value()).value();
  const auto& container = pod["spec"]["containers"][0];
  std::vector<std::pair<std::string, std::string>> mounts;  // mountPath -> host path under root
  for (const auto& mount : container["volumeMounts"])
    for (const auto& volume : pod["spec"]["volumes"])
      if (volume["name"] == mount["name"])
        mounts.emplace_back(mount["mountPath"].get<std::string>(),
                            root + volume["hostPath"]["path"].get<std::string>());
  std::vector<std::string> command;
  for (const auto& arg : container["command"]) {
    std::string text = arg.get<std::string>();
    auto equals = text.find('=');
    if (equals != std::string::npos) {
      std::string value = text.substr(equals + 1);
      for (const auto& [mount_path, host_path] : mounts)
        if (value == mount_path || value.starts_with(mount_path + "/")) {
          value = host_path + value.substr(mount_path.size());
          break;
        }
      text = text.substr(0, equals + 1) + value;
    }
    command.push_back(text);
  }
  return command;
}

}  // namespace ks::testing
