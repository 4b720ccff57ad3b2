#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/utf8.hpp"

namespace ks::config {

// Reads one object of a configuration document with strict types, naming the field's full path in every
// error ("ClusterConfiguration networking.podSubnet: expected a string, got a number"). Fields it was not
// asked for are reported by finish() as warnings, as kubeadm's strict decoding does.
class Fields {
 public:
  static Result<Fields> open(const nlohmann::json& value, std::string path,
                             std::vector<std::string>& warnings);

  Status string(const std::string& key, std::string& out);
  Status integer(const std::string& key, int32_t& out);
  Status boolean(const std::string& key, bool& out);
  Status strings(const std::string& key, std::vector<std::string>& out);
  Status duration(const std::string& key, std::chrono::nanoseconds& out);
  Status optional_duration(const std::string& key, std::optional<std::chrono::nanoseconds>& out);
  Result<std::optional<Fields>> object(const std::string& key);
  Result<std::vector<Fields>> objects(const std::string& key);
  // The raw value, or nullptr when absent or null.
  const nlohmann::json* raw(const std::string& key);
  bool has(const std::string& key) const;
  // For messages: a key from the file is escaped and cut to a readable length.
  std::string path_of(const std::string& key) const {
    return path_.empty() ? printable(key) : path_ + "." + printable(key);
  }
  Error type_error(const std::string& key, std::string_view expected) const;
  void finish();

 private:
  Fields(const nlohmann::json* object, std::string path, std::vector<std::string>& warnings)
      : object_(object), path_(std::move(path)), warnings_(&warnings) {}

  const nlohmann::json* object_;
  std::string path_;
  std::vector<std::string>* warnings_;
  std::set<std::string> used_;
};

}  // namespace ks::config
