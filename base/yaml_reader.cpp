#include "base/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

namespace ks {

namespace {

nlohmann::json plain_scalar(const std::string& s) {
  static const std::regex integer(R"(^[-+]?[0-9]+$)");
  static const std::regex real(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (std::regex_match(s, integer)) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return s;
    }
  }
  if (std::regex_match(s, real)) return std::stod(s);
  return s;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar:
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return node.Scalar();
      return plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      auto array = nlohmann::json::array();
      for (const auto& item : node) array.push_back(to_json(item));
      return array;
    }
    case YAML::NodeType::Map: {
      auto object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = to_json(entry.second);
      return object;
    }
  }
  return nullptr;
}

}  // namespace

Result<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text) {
  try {
    std::vector<nlohmann::json> documents;
    for (const auto& node : YAML::LoadAll(std::string(text)))
      if (node.IsDefined() && !node.IsNull()) documents.push_back(to_json(node));
    return documents;
  } catch (const YAML::Exception& e) {
    return invalid("invalid YAML", "line " + std::to_string(e.mark.line + 1) + ", column " +
                                       std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
}

Result<nlohmann::json> parse_yaml(std::string_view text) {
  auto documents = KS_TRY(parse_yaml_documents(text));
  if (documents.empty()) return nlohmann::json(nullptr);
  if (documents.size() > 1) return invalid("invalid YAML", "expected one document, found " + std::to_string(documents.size()));
  return documents.front();
}

}  // namespace ks
