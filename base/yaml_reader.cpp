#include "base/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <string_view>

#include "base/strings.hpp"
#include "base/utf8.hpp"

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

// A number as Go's YAML reads it: an int64 when it fits, else a float when that fits, else the text
// itself (a float out of range stays a string there too).
nlohmann::json number_or_text(const std::string& s) {
  std::string_view digits(s);
  if (digits.front() == '+') digits.remove_prefix(1);
  const char* end = digits.data() + digits.size();
  if (all_digits(digits.front() == '-' ? digits.substr(1) : digits)) {
    int64_t value = 0;
    auto [at, error] = std::from_chars(digits.data(), end, value);
    if (error == std::errc() && at == end) return value;
  }
  double real = 0;
  auto [at, error] = std::from_chars(digits.data(), end, real);
  if (error == std::errc() && at == end) return real;
  return s;
}

nlohmann::json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view unsigned_part(s);
  if (unsigned_part.front() == '-' || unsigned_part.front() == '+') unsigned_part.remove_prefix(1);
  if (all_digits(unsigned_part) || is_real(s)) return number_or_text(s);
  return s;
}

std::string where(const YAML::Mark& mark) {
  return "line " + std::to_string(mark.line + 1);
}

class Converter {
 public:
  Converter(YamlLimits limits, std::vector<std::string>* warnings) : limits_(limits), warnings_(warnings) {}

  Result<nlohmann::json> convert(const YAML::Node& node, size_t depth) {
    if (++nodes_ > limits_.max_nodes)
      return invalid("invalid YAML", "more than " + std::to_string(limits_.max_nodes) +
                                         " nodes after alias expansion (" + where(node.Mark()) + ")");
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return nullptr;
      case YAML::NodeType::Scalar:
        if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return node.Scalar();
        return plain_scalar(node.Scalar());
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map:
        break;
    }
    if (depth >= limits_.max_depth)
      return invalid("invalid YAML", "nested deeper than " + std::to_string(limits_.max_depth) +
                                         " levels at " + where(node.Mark()));
    if (node.IsSequence()) {
      auto array = nlohmann::json::array();
      for (const auto& item : node) array.push_back(KS_TRY(convert(item, depth + 1)));
      return array;
    }
    auto object = nlohmann::json::object();
    std::map<std::string, int> lines;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar())
        return invalid("invalid YAML", where(entry.first.Mark()) + ": a mapping key must be a plain value");
      const auto& key = entry.first.Scalar();
      auto [seen, fresh] = lines.emplace(key, entry.first.Mark().line + 1);
      if (!fresh && warnings_)
        warnings_->push_back("duplicate field " + quote(key) + " at lines " + std::to_string(seen->second) +
                             " and " + std::to_string(entry.first.Mark().line + 1) +
                             " (the last value is used)");
      object[key] = KS_TRY(convert(entry.second, depth + 1));
    }
    return object;
  }

 private:
  YamlLimits limits_;
  std::vector<std::string>* warnings_;
  size_t nodes_ = 0;
};

std::string position(std::string_view text, size_t offset) {
  auto before = text.substr(0, offset);
  auto line = std::ranges::count(before, '\n') + 1;
  auto line_start = before.find_last_of('\n');
  auto column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Go's YAML parser refuses these before parsing; so does this one.
Status check_characters(std::string_view text) {
  if (auto at = invalid_utf8_at(text))
    return invalid("invalid YAML", position(text, *at) + ": not valid UTF-8");
  for (size_t from = 0; from < text.size();) {
    auto at = control_character_at(text.substr(from), true);
    if (!at) break;
    size_t offset = from + *at;
    // U+0085 (next line) is the one C1 character YAML allows.
    if (text.substr(offset, 2) != "\xC2\x85")
      return invalid("invalid YAML", position(text, offset) + ": control character " +
                                         quote(text.substr(offset, text[offset] & 0x80 ? 2 : 1)) +
                                         " (write it escaped inside double quotes)");
    from = offset + 2;
  }
  return {};
}

// Whether a quote at text[at] opens a quoted scalar rather than sitting inside a plain one ("it's").
bool starts_scalar(std::string_view text, size_t at, size_t depth) {
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  if (at == 0 || text[at - 1] == '\n') return true;
  char before = text[at - 1];
  return before == ':' || before == '-' || before == '?' ||
         (depth > 0 && (before == ',' || before == '[' || before == '{'));
}

// The bracket depth of flow collections ([ and {) outside quotes and comments, checked before yaml-cpp
// parses: its recursive parser would otherwise give up on thousands of brackets with an unhelpful "bad file".
Status check_flow_depth(std::string_view text, size_t max_depth) {
  size_t depth = 0, line = 1;
  char quote_char = 0;
  bool comment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote_char) {
      if (c == '\\' && quote_char == '"')
        ++i;
      else if (c == quote_char)
        quote_char = 0;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n'))
      comment = true;
    else if ((c == '"' || c == '\'') && starts_scalar(text, i, depth))
      quote_char = c;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        return invalid("invalid YAML", "nested deeper than " + std::to_string(max_depth) +
                                           " levels at line " + std::to_string(line));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

}  // namespace

Result<std::vector<nlohmann::json>> parse_yaml_documents(std::string_view text,
                                                         std::vector<std::string>* warnings,
                                                         YamlLimits limits) {
  KS_CHECK(check_characters(text));
  KS_CHECK(check_flow_depth(text, limits.max_depth));
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return invalid("invalid YAML", "line " + std::to_string(e.mark.line + 1) + ", column " +
                                       std::to_string(e.mark.column + 1) + ": " + e.msg);
  } catch (const std::exception& e) {
    return invalid("invalid YAML", e.what());
  }
  std::vector<nlohmann::json> documents;
  Converter converter(limits, warnings);  // one node budget for the whole text
  for (const auto& node : nodes)
    if (node.IsDefined() && !node.IsNull()) documents.push_back(KS_TRY(converter.convert(node, 0)));
  return documents;
}

Result<nlohmann::json> parse_yaml(std::string_view text, std::vector<std::string>* warnings,
                                  YamlLimits limits) {
  auto documents = KS_TRY(parse_yaml_documents(text, warnings, limits));
  if (documents.empty()) return nlohmann::json(nullptr);
  if (documents.size() > 1)
    return invalid("invalid YAML", "expected one document, found " + std::to_string(documents.size()));
  return documents.front();
}

}  // namespace ks
