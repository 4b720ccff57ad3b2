#pragma once

#include <map>
#include <optional>
#include <string>

namespace ks::host {

// The process environment (proxy settings that static Pods inherit, KUBESTRAP_* defaults).
class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> get(const std::string& name) const = 0;
};

class SystemEnvironment : public Environment {
 public:
  std::optional<std::string> get(const std::string& name) const override;
};

class FakeEnvironment : public Environment {
 public:
  explicit FakeEnvironment(std::map<std::string, std::string> values = {}) : values_(std::move(values)) {}
  std::optional<std::string> get(const std::string& name) const override {
    auto it = values_.find(name);
    return it == values_.end() ? std::nullopt : std::optional(it->second);
  }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace ks::host
