#include "tests/support/control_plane/flags.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/duration.hpp"
#include "base/strings.hpp"
#include "tests/support/control_plane/flag_values.hpp"

namespace ks::standin {

namespace {

bool is_list(FlagType type) {
  switch (type) {
    case FlagType::StringSlice:
    case FlagType::StringArray:
    case FlagType::StringToString:
    case FlagType::MapStringString:
    case FlagType::MapStringStringNoSplit:
    case FlagType::LangleSeparatedMapStringString:
    case FlagType::MapStringBool:
    case FlagType::ColonSeparatedMultimapStringString:
    case FlagType::ConfigurationMap:
    case FlagType::NamedCertKey:
    case FlagType::ReservedMemory:
      return true;
    default:
      return false;
  }
}

Error parse_error(std::string text) {
  return Error{ErrorKind::InvalidInput, std::move(text), "", ""};
}

}  // namespace

// pflag's FlagSet.set: the value's own error, wrapped with the value and the flag's names.
std::optional<std::string> Flags::set(Flags& flags, const FlagSpec& spec, const std::string& value) {
  if (auto error = value_error(spec.type, value)) {
    auto names =
        spec.shorthand ? "-" + std::string(1, spec.shorthand) + ", --" + spec.name : "--" + spec.name;
    return "invalid argument " + go_quote(value) + " for " + go_quote(names) + " flag: " + *error;
  }
  auto& stored = flags.values_[spec.name];
  stored.type = spec.type;
  if (spec.type == FlagType::Bool) {
    stored.items = {*go_parse_bool(value) ? "true" : "false"};  // as pflag's boolValue.String() prints it
  } else if (spec.type == FlagType::Int || spec.type == FlagType::Int32) {
    stored.items = {std::to_string(*go_parse_int(value, 64))};  // "0x1F" reads back as "31", as in pflag
  } else if (!is_list(spec.type)) {
    stored.items = {value};
  } else if (spec.type == FlagType::StringSlice) {
    auto record = read_csv_record(value);  // checked above by value_error
    for (auto& item : *record) stored.items.push_back(std::move(item));
  } else if (spec.type == FlagType::StringArray || spec.type == FlagType::NamedCertKey ||
             spec.type == FlagType::ReservedMemory || spec.type == FlagType::MapStringStringNoSplit) {
    stored.items.push_back(value);
  } else {
    for (const auto& pair : split(value, ','))
      if (!trim(pair).empty()) stored.items.emplace_back(trim(pair));
  }
  return std::nullopt;
}

Result<Flags> Flags::parse(const FlagSet& set, const std::vector<std::string>& words) {
  Flags flags;
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& word = words[i];
    if (word.size() < 2 || word[0] != '-') {
      flags.arguments_.push_back(word);
      continue;
    }
    if (word == "--") {
      flags.arguments_.insert(flags.arguments_.end(), words.begin() + static_cast<long>(i) + 1, words.end());
      break;
    }
    if (word[1] == '-') {
      auto name = word.substr(2);
      if (name.empty() || name[0] == '-' || name[0] == '=')
        return std::unexpected(parse_error("bad flag syntax: " + word));
      auto equals = name.find('=');
      auto given = name.substr(0, equals);
      const auto* spec = set.find(given);
      if (!spec) return std::unexpected(parse_error("unknown flag: --" + given));
      std::string value;
      if (equals != std::string::npos) {
        value = name.substr(equals + 1);
      } else if (spec->value_optional()) {
        value = "true";
      } else if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        return std::unexpected(parse_error("flag needs an argument: " + word));
      }
      if (auto error = Flags::set(flags, *spec, value)) return std::unexpected(parse_error(*error));
      continue;
    }
    // A run of shorthands ("-v2", "-v=2", "-v 2", "-hv2"), letter by letter as parseSingleShortArg reads it.
    std::string shorthands = word.substr(1);
    while (!shorthands.empty()) {
      char letter = shorthands[0];
      const auto* spec = set.find_shorthand(letter);
      if (!spec)
        return std::unexpected(
            parse_error("unknown shorthand flag: '" + std::string(1, letter) + "' in -" + shorthands));
      std::string value;
      std::string rest = shorthands.substr(1);
      if (shorthands.size() > 2 && shorthands[1] == '=') {
        value = shorthands.substr(2);
        rest.clear();
      } else if (spec->value_optional()) {
        value = "true";
      } else if (shorthands.size() > 1) {
        value = shorthands.substr(1);
        rest.clear();
      } else if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        return std::unexpected(
            parse_error("flag needs an argument: '" + std::string(1, letter) + "' in -" + shorthands));
      }
      if (auto error = Flags::set(flags, *spec, value)) return std::unexpected(parse_error(*error));
      shorthands = rest;
    }
  }
  return flags;
}

std::string Flags::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : join(it->second.items, ",");
}

std::optional<bool> Flags::boolean(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.items.empty()) return std::nullopt;
  return go_parse_bool(it->second.items.back());
}

std::optional<int64_t> Flags::integer(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.items.empty()) return std::nullopt;
  auto parsed = go_parse_int(it->second.items.back(), 64);
  return parsed ? std::optional<int64_t>(*parsed) : std::nullopt;
}

std::optional<std::chrono::nanoseconds> Flags::duration(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.items.empty()) return std::nullopt;
  auto parsed = parse_go_duration(it->second.items.back());
  return parsed ? std::optional<std::chrono::nanoseconds>(*parsed) : std::nullopt;
}

std::vector<std::string> Flags::list(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second.items;
}

std::map<std::string, std::string> Flags::map(const std::string& name) const {
  std::map<std::string, std::string> pairs;
  auto it = values_.find(name);
  char separator =
      it != values_.end() && it->second.type == FlagType::LangleSeparatedMapStringString ? '<' : '=';
  for (const auto& item : list(name)) {
    auto equals = item.find(separator);
    if (equals == std::string::npos)
      pairs[std::string(trim(item))] = "";
    else
      pairs[std::string(trim(item.substr(0, equals)))] = std::string(trim(item.substr(equals + 1)));
  }
  return pairs;
}

Result<std::string> Flags::read_file(const std::string& name, const std::string& what) const {
  auto path = get(name);
  if (path.empty()) return invalid("--" + name, what + " is required");
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(what, "open " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ks::standin
