#include "tests/support/control_plane/flag_set.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/strings.hpp"

namespace ks::standin {

namespace {

const std::map<std::string_view, FlagType>& type_names() {
  static const std::map<std::string_view, FlagType> names = {
      {"bool", FlagType::Bool},
      {"string", FlagType::String},
      {"int", FlagType::Int},
      {"int32", FlagType::Int32},
      {"uint", FlagType::Uint},
      {"float64", FlagType::Float64},
      {"float32", FlagType::Float32},
      {"duration", FlagType::Duration},
      {"ip", FlagType::Ip},
      {"kubeletIP", FlagType::KubeletIp},
      {"stringSlice", FlagType::StringSlice},
      {"stringArray", FlagType::StringArray},
      {"stringToString", FlagType::StringToString},
      {"mapStringString", FlagType::MapStringString},
      {"mapStringStringNoSplit", FlagType::MapStringStringNoSplit},
      {"langleSeparatedMapStringString", FlagType::LangleSeparatedMapStringString},
      {"mapStringBool", FlagType::MapStringBool},
      {"colonSeparatedMultimapStringString", FlagType::ColonSeparatedMultimapStringString},
      {"configurationMap", FlagType::ConfigurationMap},
      {"namedCertKey", FlagType::NamedCertKey},
      {"portRange", FlagType::PortRange},
      {"quantity", FlagType::Quantity},
      {"level", FlagType::Level},
      {"moduleSpec", FlagType::ModuleSpec},
      {"version", FlagType::Version},
      {"taints", FlagType::Taints},
      {"reservedMemory", FlagType::ReservedMemory},
  };
  return names;
}

std::string normalized(std::string_view name) {
  std::string text(name);
  std::ranges::replace(text, '_', '-');
  return text;
}

}  // namespace

Result<FlagSet> FlagSet::from_text(std::string_view text, const std::string& source) {
  FlagSet set;
  int number = 0;
  for (const auto& raw : split(text, '\n')) {
    ++number;
    auto line = trim(raw);
    if (line.empty() || line.starts_with('#')) continue;
    std::vector<std::string> words;
    for (const auto& word : split(line, ' '))
      if (!word.empty()) words.push_back(word);
    auto where = source + ":" + std::to_string(number);
    if (words.size() < 2 || words.size() > 3)
      return invalid(where, "expected \"<name> <type> [-<shorthand>]\"");
    auto type = type_names().find(words[1]);
    if (type == type_names().end()) return invalid(where, "unknown flag type " + quote(words[1]));
    FlagSpec spec{words[0], type->second};
    if (words.size() == 3) {
      if (words[2].size() != 2 || words[2][0] != '-') return invalid(where, "a shorthand is written -x");
      spec.shorthand = words[2][1];
      set.shorthands_[spec.shorthand] = spec.name;
    }
    if (!set.flags_.emplace(spec.name, spec).second)
      return invalid(where, "flag " + spec.name + " listed twice");
  }
  return set;
}

Result<FlagSet> FlagSet::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return failure("reading the flag set " + path, "cannot open it");
  std::stringstream text;
  text << in.rdbuf();
  return from_text(text.str(), path);
}

const FlagSpec* FlagSet::find(std::string_view name) const {
  auto it = flags_.find(normalized(name));
  return it == flags_.end() ? nullptr : &it->second;
}

const FlagSpec* FlagSet::find_shorthand(char shorthand) const {
  auto it = shorthands_.find(shorthand);
  return it == shorthands_.end() ? nullptr : find(it->second);
}

}  // namespace ks::standin
