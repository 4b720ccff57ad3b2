#include "tests/support/control_plane/name_rules.hpp"

#include <map>
#include <regex>

namespace ks::standin {

namespace {

const std::string kDns1123Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const std::string kDns1123Subdomain = kDns1123Label + "(\\." + kDns1123Label + ")*";
const std::string kDns1035Label = "[a-z]([-a-z0-9]*[a-z0-9])?";
const std::string kQualifiedName = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const std::string kLabelValue = "(" + kQualifiedName + ")?";
const std::string kConfigMapKey = "[-._a-zA-Z0-9]+";

// The patterns are compiled once: names are checked on every write.
bool matches(const std::string& value, const std::string& pattern) {
  static const std::map<std::string, std::regex> compiled = [] {
    std::map<std::string, std::regex> all;
    for (const auto* each :
         {&kDns1123Label, &kDns1123Subdomain, &kDns1035Label, &kQualifiedName, &kLabelValue, &kConfigMapKey})
      all.emplace(*each, std::regex(*each));
    return all;
  }();
  return std::regex_match(value, compiled.at(pattern));
}

std::string max_len_error(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

// RegexError: the examples joined as Go joins them ("'a',  or 'b', regex used ...").
std::string regex_error(const std::string& message, const std::string& pattern,
                        const std::vector<std::string>& examples) {
  std::string text = message + " (e.g. ";
  for (size_t i = 0; i < examples.size(); ++i) text += (i ? " or " : "") + ("'" + examples[i] + "', ");
  return text + "regex used for validation is '" + pattern + "')";
}

}  // namespace

std::vector<std::string> dns1123_subdomain_errors(const std::string& value) {
  std::vector<std::string> errors;
  if (value.size() > 253) errors.push_back(max_len_error(253));
  if (!matches(value, kDns1123Subdomain))
    errors.push_back(regex_error(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
        "must start and end with an alphanumeric character",
        kDns1123Subdomain, {"example.com"}));
  return errors;
}

std::vector<std::string> dns1123_label_errors(const std::string& value) {
  std::vector<std::string> errors;
  if (value.size() > 63) errors.push_back(max_len_error(63));
  if (!matches(value, kDns1123Label))
    errors.push_back(
        regex_error("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    "and must start "
                    "and end with an alphanumeric character",
                    kDns1123Label, {"my-name", "123-abc"}));
  return errors;
}

std::vector<std::string> dns1035_label_errors(const std::string& value) {
  std::vector<std::string> errors;
  if (value.size() > 63) errors.push_back(max_len_error(63));
  if (!matches(value, kDns1035Label))
    errors.push_back(
        regex_error("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
                    "an alphabetic "
                    "character, and end with an alphanumeric character",
                    kDns1035Label, {"my-name", "abc-123"}));
  return errors;
}

std::vector<std::string> qualified_name_errors(const std::string& value) {
  const std::string message =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
      "character";
  std::vector<std::string> errors;
  std::string name = value;
  if (auto slash = value.find('/'); slash != std::string::npos) {
    if (value.find('/', slash + 1) != std::string::npos)
      return {"a qualified name " + regex_error(message, kQualifiedName, {"MyName", "my.name", "123-abc"}) +
              " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    auto prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty())
      errors.push_back("prefix part must be non-empty");
    else
      for (const auto& error : dns1123_subdomain_errors(prefix)) errors.push_back("prefix part " + error);
  }
  if (name.empty())
    errors.push_back("name part must be non-empty");
  else if (name.size() > 63)
    errors.push_back("name part " + max_len_error(63));
  if (!matches(name, kQualifiedName))
    errors.push_back("name part " + regex_error(message, kQualifiedName, {"MyName", "my.name", "123-abc"}));
  return errors;
}

std::vector<std::string> label_value_errors(const std::string& value) {
  std::vector<std::string> errors;
  if (value.size() > 63) errors.push_back(max_len_error(63));
  if (!matches(value, kLabelValue))
    errors.push_back(
        regex_error("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
                    "or '.', and must "
                    "start and end with an alphanumeric character",
                    kLabelValue, {"MyValue", "my_value", "12345"}));
  return errors;
}

std::vector<std::string> config_map_key_errors(const std::string& value) {
  std::vector<std::string> errors;
  if (value.size() > 253) errors.push_back(max_len_error(253));
  if (!matches(value, kConfigMapKey))
    errors.push_back(
        regex_error("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    kConfigMapKey, {"key.name", "KEY_NAME", "key-name"}));
  if (value == ".")
    errors.push_back("must not be '.'");
  else if (value == "..")
    errors.push_back("must not be '..'");
  else if (value.starts_with(".."))
    errors.push_back("must not start with '..'");
  return errors;
}

std::vector<std::string> path_segment_name_errors(const std::string& value) {
  if (value == "." || value == "..") return {"may not be '" + value + "'"};
  std::vector<std::string> errors;
  if (value.find('/') != std::string::npos) errors.push_back("may not contain '/'");
  if (value.find('%') != std::string::npos) errors.push_back("may not contain '%'");
  return errors;
}

}  // namespace ks::standin
