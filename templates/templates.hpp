// templates: text files shipped inside the binary (the kubelet's systemd drop-in and service unit, the
// CoreDNS and kube-proxy manifests), filled in by render (text, a minimal {{ name }} substitution) or
// render_objects (YAML, values set in the parsed objects). Keeping them as files lets a reader see exactly
// what lands on the node.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace ks::templates {

const std::map<std::string_view, std::string_view>& embedded();

// The named template with every {{ key }} replaced; an unknown name or an unreplaced key is a
// programming error and throws.
std::string render(std::string_view name, const std::map<std::string, std::string>& values = {});

// The documents of the named YAML template, parsed, with every scalar that is exactly "{{ key }}" replaced
// by values[key] (a string, a number, a list, an object). Values are set in the parsed documents, never
// spliced into the text, so no value can change a template's structure. An unknown name, a template that
// does not parse, a key without a value or a value without its key is a programming error and throws.
std::vector<nlohmann::json> render_objects(std::string_view name,
                                           const std::map<std::string, nlohmann::json>& values);

}  // namespace ks::templates
