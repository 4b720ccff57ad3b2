#include "tests/support/control_plane/flag_values.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <regex>

#include "base/duration.hpp"
#include "base/strings.hpp"

namespace ks::standin {

namespace {

// time.ParseDuration's messages; base's parser decides what is valid.
std::optional<std::string> duration_error(std::string_view text) {
  auto parsed = parse_go_duration(text);
  if (parsed) return std::nullopt;
  const auto& why = parsed.error().why;
  if (why.starts_with("a unit is missing")) return "time: missing unit in duration " + go_quote(text);
  if (why.starts_with("unknown unit")) {
    // Go names the first unit it does not know: the run of non-digits after a number.
    auto is_number = [](char c) { return c == '.' || (c >= '0' && c <= '9'); };
    for (size_t i = 0; i < text.size();) {
      while (i < text.size() && (is_number(text[i]) || text[i] == '-' || text[i] == '+')) ++i;
      size_t end = i;
      while (end < text.size() && !is_number(text[end])) ++end;
      auto unit = text.substr(i, end - i);
      static const std::vector<std::string_view> known = {"ns", "us", "\u00b5s", "\u03bcs",
                                                          "ms", "s",  "m",       "h"};
      if (std::ranges::find(known, unit) == known.end())
        return "time: unknown unit " + go_quote(unit) + " in duration " + go_quote(text);
      i = end;
    }
  }
  return "time: invalid duration " + go_quote(text);
}

bool is_ip(std::string_view text) {
  std::string address(text);
  unsigned char buffer[16];
  return inet_pton(AF_INET, address.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

// netutils.ParseIPSloppy: also IPv4 octets with leading zeros, which Go's net.ParseIP refuses.
bool is_ip_sloppy(std::string_view text) {
  if (is_ip(text)) return true;
  auto octets = split(text, '.');
  if (octets.size() != 4) return false;
  for (const auto& octet : octets) {
    auto value = parse_integer<int>(octet);
    if (!value || *value > 255 || octet.size() > 3) return false;
  }
  return true;
}

std::optional<std::string> key_value_list_error(std::string_view value, const std::string& malformed,
                                                bool bool_values, char separator = '=') {
  for (const auto& raw : split(value, ',')) {
    auto pair = trim(raw);
    if (pair.empty()) continue;
    auto equals = pair.find(separator);
    if (equals == std::string_view::npos) return malformed;
    if (bool_values) {
      auto key = trim(pair.substr(0, equals)), flag = trim(pair.substr(equals + 1));
      if (!go_parse_bool(flag))
        return "invalid value of " + std::string(key) + ": " + std::string(flag) +
               ", err: " + go_syntax_error("ParseBool", flag);
    }
  }
  return std::nullopt;
}

std::optional<std::string> string_to_string_error(std::string_view value) {
  auto count = std::ranges::count(value, '=');
  if (count == 0) return std::string(value) + " must be formatted as key=value";
  std::vector<std::string> pairs;
  if (count == 1) {
    pairs.emplace_back(value);
  } else {
    auto record = read_csv_record(value);
    if (!record) return record.error();
    pairs = *record;
  }
  for (const auto& pair : pairs)
    if (pair.find('=') == std::string::npos) return pair + " must be formatted as key=value";
  return std::nullopt;
}

std::optional<std::string> module_spec_error(std::string_view value) {
  for (const auto& pattern : split(value, ',')) {
    if (pattern.empty()) continue;
    auto parts = split(pattern, '=');
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty())
      return go_quote(pattern) + " does not have the pattern=N format";
    if (auto level = go_parse_uint(parts[1], 10, 31); !level)
      return "parsing verbosity in " + go_quote(pattern) + ": " + level.error();
  }
  return std::nullopt;
}

// taints.ParseTaints as RegisterWithTaintsVar calls it: key[=value]:effect, comma-separated.
std::optional<std::string> taints_error(std::string_view value) {
  if (trim(value).empty()) return std::nullopt;
  static const std::regex qualified_name(
      R"(^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?)"
      R"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$)");
  static const std::regex label_value(R"(^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$)");
  for (const auto& spec : split(value, ',')) {
    auto parts = split(spec, ':');
    if (parts.size() != 2) return "invalid taint spec: " + spec;
    const auto& effect = parts[1];
    if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
      return "invalid taint effect: " + effect + ", unsupported taint effect";
    auto key_value = split(parts[0], '=');
    if (key_value.size() > 2) return "invalid taint spec: " + spec;
    if (key_value.size() == 2 && (key_value[1].size() > 63 || !std::regex_match(key_value[1], label_value)))
      return "invalid taint spec: " + spec +
             ", a valid label must be an empty string or consist of alphanumeric "
             "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    if (!std::regex_match(key_value[0], qualified_name))
      return "invalid taint spec: " + spec +
             ", name part must consist of alphanumeric characters, '-', '_' or "
             "'.', and must start and end with an alphanumeric character";
  }
  return std::nullopt;
}

}  // namespace

std::expected<std::vector<std::string>, std::string> read_csv_record(std::string_view text) {
  std::vector<std::string> fields;
  if (text.empty()) return fields;
  size_t i = 0;
  auto column = [](size_t index) { return std::to_string(index + 1); };
  while (true) {
    std::string field;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size())
          return std::unexpected("parse error on line 1, column " + column(i) +
                                 ": extraneous or missing \" in quoted-field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',')
        return std::unexpected("parse error on line 1, column " + column(i) +
                               ": extraneous or missing \" in quoted-field");
    } else {
      while (i < text.size() && text[i] != ',') {
        if (text[i] == '"')
          return std::unexpected("parse error on line 1, column " + column(i) +
                                 ": bare \" in non-quoted-field");
        field += text[i++];
      }
    }
    fields.push_back(field);
    if (i >= text.size()) break;
    ++i;  // the comma
  }
  return fields;
}

std::optional<std::string> value_error(FlagType type, std::string_view value) {
  switch (type) {
    case FlagType::Bool:
      if (!go_parse_bool(value)) return go_syntax_error("ParseBool", value);
      return std::nullopt;
    case FlagType::Version:
      if (value == "raw" || value.starts_with('v') || go_parse_bool(value)) return std::nullopt;
      return go_syntax_error("ParseBool", value);
    case FlagType::Int:
      if (auto parsed = go_parse_int(value, 64); !parsed) return parsed.error();
      return std::nullopt;
    case FlagType::Int32:
      if (auto parsed = go_parse_int(value, 32); !parsed) return parsed.error();
      return std::nullopt;
    case FlagType::Uint:
      if (auto parsed = go_parse_uint(value, 0, 64); !parsed) return parsed.error();
      return std::nullopt;
    case FlagType::Float64:
      return go_float_error(value, 64);
    case FlagType::Float32:
      return go_float_error(value, 32);
    case FlagType::Duration:
      return duration_error(value);
    case FlagType::Ip:
      if (!is_ip(trim(value))) return "failed to parse IP: " + go_quote(value);
      return std::nullopt;
    case FlagType::KubeletIp:
      if (!value.empty() && !is_ip_sloppy(value)) return go_quote(value) + " is not a valid IP address";
      return std::nullopt;
    case FlagType::StringSlice:
      if (auto record = read_csv_record(value); !record) return record.error();
      return std::nullopt;
    case FlagType::StringToString:
      return string_to_string_error(value);
    case FlagType::MapStringString:
      return key_value_list_error(value, "malformed pair, expect string=string", false);
    case FlagType::MapStringStringNoSplit:
      if (value.find('=') == std::string_view::npos) return "malformed pair, expect string=string";
      return std::nullopt;
    case FlagType::LangleSeparatedMapStringString:
      return key_value_list_error(value, "malformed pair, expect string<string", false, '<');
    case FlagType::MapStringBool:
      return key_value_list_error(value, "malformed pair, expect string=bool", true);
    case FlagType::Quantity: {
      static const std::regex quantity(R"(^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$)");
      if (!std::regex_match(std::string(value), quantity))
        return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
      return std::nullopt;
    }
    case FlagType::Level:
      if (auto level = go_parse_uint(value, 10, 31); !level) return level.error();
      return std::nullopt;
    case FlagType::ModuleSpec:
      return module_spec_error(value);
    case FlagType::Taints:
      return taints_error(value);
    case FlagType::String:
    case FlagType::StringArray:
    case FlagType::ColonSeparatedMultimapStringString:
    case FlagType::ConfigurationMap:
    case FlagType::NamedCertKey:
    case FlagType::PortRange:
    case FlagType::ReservedMemory:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ks::standin
