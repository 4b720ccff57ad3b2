#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace ks::standin {

// The kinds of flag value the components register, named after their pflag Value.Type(). Each kind
// has its own parse rule and error text (flag_values.hpp); the kinds whose parse the stand-ins do not
// need to check (paths, port ranges, cert/key pairs, configuration maps) take any text, as a string.
enum class FlagType {
  Bool,
  String,
  Int,    // int and int64: strconv.ParseInt(s, 0, 64)
  Int32,  // strconv.ParseInt(s, 0, 32)
  Uint,   // strconv.ParseUint(s, 0, 64)
  Float64,
  Float32,
  Duration,                // time.ParseDuration
  Ip,                      // pflag's IPVar: "failed to parse IP"
  KubeletIp,               // pkg/util/flag's IPVar (the kubelet's --address): "is not a valid IP address"
  StringSlice,             // comma-separated (CSV), repeats append
  StringArray,             // one value per use, repeats append
  StringToString,          // pflag's key=value list
  MapStringString,         // component-base's key=value list
  MapStringStringNoSplit,  // one key=value per use (commas belong to the value)
  LangleSeparatedMapStringString,  // key<value list (the kubelet's eviction thresholds)
  MapStringBool,                   // component-base's key=bool list (the kubelet's --feature-gates)
  ColonSeparatedMultimapStringString,
  ConfigurationMap,  // --runtime-config: key[=value] list, never an error
  NamedCertKey,
  PortRange,
  Quantity,    // resource.Quantity
  Level,       // -v: component-base's verbosity level
  ModuleSpec,  // --vmodule pattern=N,...
  Version,     // --version[=raw|true|false|vX.Y.Z]
  Taints,      // the kubelet's --register-with-taints
  ReservedMemory,
};

struct FlagSpec {
  std::string name;
  FlagType type = FlagType::String;
  char shorthand = 0;
  // pflag's NoOptDefVal: the value "--name" alone stands for; such a flag never takes the next word.
  bool value_optional() const { return type == FlagType::Bool || type == FlagType::Version; }
};

// One component's flags, read from its data file ("<name> <type> [-<shorthand>]" lines, "#" comments).
class FlagSet {
 public:
  static Result<FlagSet> from_text(std::string_view text, const std::string& source);
  static Result<FlagSet> load(const std::string& path);

  // Looks a name up as pflag does after the components' word-separator normalisation ("_" is "-").
  const FlagSpec* find(std::string_view name) const;
  const FlagSpec* find_shorthand(char shorthand) const;
  size_t size() const { return flags_.size(); }

 private:
  std::map<std::string, FlagSpec, std::less<>> flags_;
  std::map<char, std::string> shorthands_;
};

}  // namespace ks::standin
