#include "templates/templates.hpp"

#include <stdexcept>

namespace ks::templates {

std::string render(std::string_view name, const std::map<std::string, std::string>& values) {
  auto it = embedded().find(name);
  if (it == embedded().end()) throw std::logic_error("no embedded template " + std::string(name));
  std::string text(it->second);
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

}  // namespace ks::templates
