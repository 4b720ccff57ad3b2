// templates: text files shipped inside the binary (the kubelet's systemd drop-in and service unit, and
// later the addon manifests), with a minimal {{ name }} substitution. Keeping them as files lets a reader
// see exactly what lands on the node.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace ks::templates {

const std::map<std::string_view, std::string_view>& embedded();

// The named template with every {{ key }} replaced; an unknown name or an unreplaced key is a
// programming error and throws.
std::string render(std::string_view name, const std::map<std::string, std::string>& values = {});

}  // namespace ks::templates
