#include "templates/templates.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "base/yaml_reader.hpp"

namespace ks::templates {

namespace {

std::string_view find(std::string_view name) {
  auto it = embedded().find(name);
  if (it == embedded().end()) throw std::logic_error("no embedded template " + std::string(name));
  return it->second;
}

// Replaces each "{{ key }}" scalar under `node`; a replaced value is not searched again.
void fill(nlohmann::json& node, const std::map<std::string, nlohmann::json>& values,
          std::set<std::string>& used, std::string_view name) {
  if (node.is_structured()) {
    for (auto& child : node) fill(child, values, used, name);
    return;
  }
  if (!node.is_string()) return;
  const auto& text = node.get_ref<const std::string&>();
  if (!text.starts_with("{{ ") || !text.ends_with(" }}")) return;
  auto key = text.substr(3, text.size() - 6);
  auto value = values.find(key);
  if (value == values.end())
    throw std::logic_error("template " + std::string(name) + " has no value for " + text);
  used.insert(key);
  node = value->second;
}

}  // namespace

std::string render(std::string_view name, const std::map<std::string, std::string>& values) {
  std::string text(find(name));
  for (const auto& [key, value] : values) {
    std::string marker = "{{ " + key + " }}";
    for (size_t pos = text.find(marker); pos != std::string::npos;
         pos = text.find(marker, pos + value.size()))
      text.replace(pos, marker.size(), value);
  }
  if (auto pos = text.find("{{ "); pos != std::string::npos)
    throw std::logic_error("template " + std::string(name) + " has an unreplaced key near " +
                           text.substr(pos, 30));
  return text;
}

std::vector<nlohmann::json> render_objects(std::string_view name,
                                           const std::map<std::string, nlohmann::json>& values) {
  auto documents = parse_yaml_documents(find(name));
  if (!documents)
    throw std::logic_error("template " + std::string(name) + ": " + documents.error().message());
  std::set<std::string> used;
  for (auto& document : *documents) fill(document, values, used, name);
  for (const auto& [key, value] : values)
    if (!used.contains(key))
      throw std::logic_error("template " + std::string(name) + " has no {{ " + key + " }}");
  return std::move(*documents);
}

}  // namespace ks::templates
