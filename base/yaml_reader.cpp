#include "base/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace ks {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::ranges::all_of(s, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// [-+]digits[.digits][e[-+]digits] or [-+].digits[...]: what YAML's core schema reads as a float.
bool is_real(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  auto e = s.find_first_of("eE");
  auto mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    auto exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent.front() == '-' || exponent.front() == '+')) exponent.remove_prefix(1);
    if (!all_digits(exponent)) return false;
  }
  auto dot = mantissa.find('.');
  if (dot == std::string_view::npos) return all_digits(mantissa);
  auto whole = mantissa.substr(0, dot), fraction = mantissa.substr(dot + 1);
  return (whole.empty() || all_digits(whole)) && (fraction.empty() || all_digits(fraction)) &&
         !(whole.empty() && fraction.empty());
}

nlohmann::json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view unsigned_part(s);
  if (unsigned_part.front() == '-' || unsigned_part.front() == '+') unsigned_part.remove_prefix(1);
  if (all_digits(unsigned_part)) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return s;
    }
  }
  if (is_real(s)) return std::stod(s);
  return s;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
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
  if (documents.size() > 1)
    return invalid("invalid YAML", "expected one document, found " + std::to_string(documents.size()));
  return documents.front();
}

}  // namespace ks
