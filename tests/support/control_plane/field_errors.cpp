#include "tests/support/control_plane/field_errors.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

namespace ks::standin {

namespace {

const char* type_text(FieldError::Type type) {
  switch (type) {
    case FieldError::Type::Invalid:
      return "Invalid value";
    case FieldError::Type::Required:
      return "Required value";
    case FieldError::Type::Forbidden:
      return "Forbidden";
    case FieldError::Type::NotSupported:
      return "Unsupported value";
    case FieldError::Type::Duplicate:
      return "Duplicate value";
    case FieldError::Type::TooLong:
      return "Too long";
    case FieldError::Type::NotFound:
      return "Not found";
  }
  return "Invalid value";
}

// metav1.CauseType of each error type.
const char* cause_reason(FieldError::Type type) {
  switch (type) {
    case FieldError::Type::Invalid:
      return "FieldValueInvalid";
    case FieldError::Type::Required:
      return "FieldValueRequired";
    case FieldError::Type::Forbidden:
      return "FieldValueForbidden";
    case FieldError::Type::NotSupported:
      return "FieldValueNotSupported";
    case FieldError::Type::Duplicate:
      return "FieldValueDuplicate";
    case FieldError::Type::TooLong:
      return "FieldValueTooLong";
    case FieldError::Type::NotFound:
      return "FieldValueNotFound";
  }
  return "FieldValueInvalid";
}

}  // namespace

std::string FieldError::body() const {
  std::string text = type_text(type);
  // Required, Forbidden and TooLong print no value (ErrorBody in field/errors.go).
  if (type != Type::Required && type != Type::Forbidden && type != Type::TooLong) text += ": " + value;
  if (!detail.empty()) text += ": " + detail;
  return text;
}

std::string FieldError::text() const {
  return field + ": " + body();
}

FieldError invalid_field(std::string field, std::string go_value, std::string detail) {
  return {FieldError::Type::Invalid, std::move(field), std::move(go_value), std::move(detail)};
}

FieldError required_field(std::string field, std::string detail) {
  return {FieldError::Type::Required, std::move(field), "", std::move(detail)};
}

FieldError forbidden_field(std::string field, std::string detail) {
  return {FieldError::Type::Forbidden, std::move(field), "", std::move(detail)};
}

FieldError not_supported_field(std::string field, std::string go_value,
                               const std::vector<std::string>& valid) {
  std::string detail;
  for (const auto& v : valid) detail += (detail.empty() ? "supported values: " : ", ") + go_quote(v);
  return {FieldError::Type::NotSupported, std::move(field), std::move(go_value), detail};
}

std::string go_string_slice(const std::vector<std::string>& items) {
  std::string text = "[]string{";
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + go_quote(items[i]);
  return text + "}";
}

std::string go_value(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      // Go prints map keys sorted; nlohmann's objects are sorted already.
      std::string text = "map[";
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        text += (first ? "" : " ") + key + ":" + go_value(item);
        first = false;
      }
      return text + "]";
    }
    case nlohmann::json::value_t::array: {
      std::string text = "[";
      for (size_t i = 0; i < value.size(); ++i) text += (i ? " " : "") + go_value(value[i]);
      return text + "]";
    }
    case nlohmann::json::value_t::string:
      return value.get<std::string>();
    case nlohmann::json::value_t::null:
      return "<nil>";
    default:
      return value.dump();
  }
}

Reply invalid_reply(const std::string& group, const std::string& kind, const std::string& name,
                    const FieldErrors& errors) {
  auto causes = nlohmann::json::array();
  std::vector<std::string> texts;
  std::set<std::string> seen;
  for (const auto& error : errors) {
    causes.push_back(
        {{"reason", cause_reason(error.type)}, {"message", error.body()}, {"field", error.field}});
    if (seen.insert(error.text()).second) texts.push_back(error.text());
  }
  std::string joined;
  for (size_t i = 0; i < texts.size(); ++i) joined += (i ? ", " : "") + texts[i];
  if (texts.size() > 1) joined = "[" + joined + "]";
  auto qualified = group.empty() ? kind : kind + "." + group;
  // StatusDetails' fields are omitempty: a patch's strict-decoding refusal has neither kind nor name, and
  // kubectl then prints "The request is invalid".
  nlohmann::json details = {{"causes", causes}};
  if (!name.empty()) details["name"] = name;
  if (!kind.empty()) details["kind"] = kind;
  if (!group.empty()) details["group"] = group;
  return status_reply(422, "Invalid", qualified + " " + go_quote(name) + " is invalid: " + joined, details);
}

}  // namespace ks::standin
