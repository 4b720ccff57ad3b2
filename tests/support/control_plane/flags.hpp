#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "tests/support/control_plane/flag_set.hpp"

namespace ks::standin {

// A component's command line parsed as spf13/pflag parses it (flag.go: parseArgs, parseLongArg,
// parseSingleShortArg) against that component's real flag set: --name=value, --name value (a bool never
// takes the next word), -v=2 / -v2 / -v 2, "--" ends the flags, "_" in a name reads as "-", a repeated
// slice flag appends (stringSlice values are comma-separated) and any other repeat replaces. An unknown
// flag or a malformed value fails with the error text pflag returns, which the components print as
// "Error: <text>" (the control plane) or inside their "command failed" log line (the kubelet).
class Flags {
 public:
  static Result<Flags> parse(const FlagSet& set, const std::vector<std::string>& words);

  // The value the command line set, as pflag prints it (a bool as true/false, an int in decimal, a list
  // flag's items joined with ","), else the fallback.
  std::string get(const std::string& name, const std::string& fallback = "") const;
  // Whether the command line set the flag (pflag's Changed).
  bool has(const std::string& name) const { return values_.contains(name); }
  // Reads a file a flag names, failing as the real component does when it is missing or unreadable.
  Result<std::string> read_file(const std::string& name, const std::string& what) const;

  // Typed views of a value the command line set; nullopt when it did not (use the flag's default).
  std::optional<bool> boolean(const std::string& name) const;
  std::optional<int64_t> integer(const std::string& name) const;
  std::optional<std::chrono::nanoseconds> duration(const std::string& name) const;
  // A list flag's items in order (stringSlice split at commas, stringArray one per use).
  std::vector<std::string> list(const std::string& name) const;
  // A key=value list flag (mapStringString, mapStringBool, stringToString, configurationMap).
  std::map<std::string, std::string> map(const std::string& name) const;
  // Words that are not flags, which every component refuses in its own way.
  const std::vector<std::string>& arguments() const { return arguments_; }

 private:
  struct Value {
    FlagType type;
    std::vector<std::string> items;  // one for a scalar, each item for a list
  };
  static std::optional<std::string> set(Flags& flags, const FlagSpec& spec, const std::string& value);

  std::map<std::string, Value> values_;
  std::vector<std::string> arguments_;
};

}  // namespace ks::standin
