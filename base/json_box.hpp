#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>

namespace ks {

// A JSON value held by a type whose header should not pull in nlohmann/json.hpp (~97k lines after
// preprocessing): a copyable box around a heap value, used through * and ->. Only the .cpp files that
// read or write the value include the full header.
class JsonBox {
 public:
  JsonBox();                             // an empty object
  JsonBox(const nlohmann::json& value);  // NOLINT: implicit, so `box = json{...}` reads naturally
  JsonBox(const JsonBox& other);
  JsonBox(JsonBox&& other) noexcept;
  JsonBox& operator=(const JsonBox& other);
  JsonBox& operator=(JsonBox&& other) noexcept;
  ~JsonBox();

  nlohmann::json& operator*() { return *value_; }
  const nlohmann::json& operator*() const { return *value_; }
  nlohmann::json* operator->() { return value_.get(); }
  const nlohmann::json* operator->() const { return value_.get(); }

 private:
  std::unique_ptr<nlohmann::json> value_;
};

}  // namespace ks
