#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::standin {

// A control-plane command line as the static Pod manifest gives it: --name=value words. Every flag name
// is accepted, as the real binaries accept their whole flag set; the stand-ins read the ones they use.
class Flags {
 public:
  static Result<Flags> parse(const std::vector<std::string>& words);
  std::string get(const std::string& name, const std::string& fallback = "") const;
  bool has(const std::string& name) const { return values_.contains(name); }
  // Reads a file a flag names, failing as the real component does when it is missing or unreadable.
  Result<std::string> read_file(const std::string& name, const std::string& what) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace ks::standin
