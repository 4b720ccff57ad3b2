#include "config/fields.hpp"

#include <nlohmann/json.hpp>

#include "base/duration.hpp"
#include "base/strings.hpp"

#include <cstdint>

namespace ks::config {

namespace {
std::string json_type(const nlohmann::json& v) {
  if (v.is_object()) return "a mapping";
  if (v.is_array()) return "a list";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  return "null";
}
}  // namespace

Result<Fields> Fields::open(const nlohmann::json& value, std::string path,
                            std::vector<std::string>& warnings) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (value.is_null()) return Fields(&empty, std::move(path), warnings);
  if (!value.is_object()) return invalid(path + ": expected a mapping, got " + json_type(value));
  return Fields(&value, std::move(path), warnings);
}

Error Fields::type_error(const std::string& key, std::string_view expected) const {
  const auto& v = object_->at(key);
  std::string fix = expected == "a string" && (v.is_number() || v.is_boolean())
                        ? "put the value in quotes, e.g. " + printable(key) + ": \"" +
                              (v.is_string() ? "" : v.dump()) + "\""
                        : "";
  return Error{ErrorKind::InvalidInput, path_of(key),
               "expected " + std::string(expected) + ", got " + json_type(v), fix};
}

const nlohmann::json* Fields::raw(const std::string& key) {
  used_.insert(key);
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

bool Fields::has(const std::string& key) const {
  auto it = object_->find(key);
  return it != object_->end() && !it->is_null();
}

Status Fields::string(const std::string& key, std::string& out) {
  auto* v = raw(key);
  if (!v) return {};
  if (!v->is_string()) return std::unexpected(type_error(key, "a string"));
  out = v->get<std::string>();
  return {};
}

Status Fields::integer(const std::string& key, int32_t& out) {
  auto* v = raw(key);
  if (!v) return {};
  if (v->is_number_float()) return invalid(path_of(key), v->dump() + " is not a 32-bit integer");
  if (!v->is_number_integer()) return std::unexpected(type_error(key, "an integer"));
  // A YAML integer is read as int64 (or uint64); the field is an int32, as in kubeadm's Go types.
  if (v->is_number_unsigned() ? v->get<uint64_t>() > uint64_t{INT32_MAX}
                              : v->get<int64_t>() < INT32_MIN || v->get<int64_t>() > INT32_MAX)
    return invalid(path_of(key), v->dump() + " is out of range for a 32-bit integer");
  out = static_cast<int32_t>(v->get<int64_t>());
  return {};
}

Status Fields::boolean(const std::string& key, bool& out) {
  auto* v = raw(key);
  if (!v) return {};
  if (!v->is_boolean()) return std::unexpected(type_error(key, "true or false"));
  out = v->get<bool>();
  return {};
}

Status Fields::strings(const std::string& key, std::vector<std::string>& out) {
  auto* v = raw(key);
  if (!v) return {};
  if (!v->is_array()) return std::unexpected(type_error(key, "a list of strings"));
  out.clear();
  for (size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string())
      return invalid(path_of(key) + "[" + std::to_string(i) + "]",
                     "expected a string, got " + json_type((*v)[i]));
    out.push_back((*v)[i].get<std::string>());
  }
  return {};
}

Status Fields::duration(const std::string& key, std::chrono::nanoseconds& out) {
  std::optional<std::chrono::nanoseconds> value;
  KS_CHECK(optional_duration(key, value));
  if (value) out = *value;
  return {};
}

Status Fields::optional_duration(const std::string& key, std::optional<std::chrono::nanoseconds>& out) {
  auto* v = raw(key);
  if (!v) return {};
  if (!v->is_string()) return std::unexpected(type_error(key, "a duration string like \"24h0m0s\""));
  auto parsed = parse_go_duration(v->get<std::string>());
  if (!parsed) return invalid(path_of(key), parsed.error().message());
  // Every duration kubestrap reads is a timeout, TTL or validity period: a negative one means nothing.
  if (parsed->count() < 0)
    return invalid(path_of(key), quote(v->get<std::string>()) + " is negative", "give a positive duration");
  out = *parsed;
  return {};
}

Result<std::optional<Fields>> Fields::object(const std::string& key) {
  auto* v = raw(key);
  if (!v) return std::optional<Fields>{};
  if (!v->is_object()) return std::unexpected(type_error(key, "a mapping"));
  return std::optional<Fields>(Fields(v, path_of(key), *warnings_));
}

Result<std::vector<Fields>> Fields::objects(const std::string& key) {
  auto* v = raw(key);
  std::vector<Fields> out;
  if (!v) return out;
  if (!v->is_array()) return std::unexpected(type_error(key, "a list"));
  for (size_t i = 0; i < v->size(); ++i) {
    auto item_path = path_of(key) + "[" + std::to_string(i) + "]";
    if (!(*v)[i].is_object()) return invalid(item_path, "expected a mapping, got " + json_type((*v)[i]));
    out.push_back(Fields(&(*v)[i], item_path, *warnings_));
  }
  return out;
}

void Fields::finish() {
  for (const auto& [key, value] : object_->items())
    if (!used_.contains(key)) warnings_->push_back("unknown field " + path_of(key) + " (ignored)");
}

}  // namespace ks::config
