#include "base/json_box.hpp"

#include <nlohmann/json.hpp>

namespace ks {

JsonBox::JsonBox() : value_(std::make_unique<nlohmann::json>(nlohmann::json::object())) {}
JsonBox::JsonBox(const nlohmann::json& value) : value_(std::make_unique<nlohmann::json>(value)) {}
JsonBox::JsonBox(const JsonBox& other) : value_(std::make_unique<nlohmann::json>(*other)) {}
// A moved-from box holds an empty object again, never null.
JsonBox::JsonBox(JsonBox&& other) noexcept : value_(std::make_unique<nlohmann::json>(std::move(*other))) {}
JsonBox& JsonBox::operator=(const JsonBox& other) {
  *value_ = *other;
  return *this;
}
JsonBox& JsonBox::operator=(JsonBox&& other) noexcept {
  *value_ = std::move(*other);
  return *this;
}
JsonBox::~JsonBox() = default;

}  // namespace ks
