#include "tests/support/control_plane/body_decoding.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "base/json_access.hpp"
#include "tests/support/control_plane/field_errors.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;

// A SAX reader that keeps the path to the current value and the keys seen in each open object.
class DuplicateFinder : public nlohmann::json_sax<json> {
 public:
  std::vector<std::string> duplicates;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    auto& frame = frames_.back();
    frame.key = name;
    if (!frame.keys.insert(name).second) duplicates.push_back(child_path());
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    size_t index = 0;
    std::string path, key;
    std::set<std::string> keys;
  };

  std::string child_path() const {
    if (frames_.empty()) return "";
    const auto& frame = frames_.back();
    if (frame.array) return frame.path + "[" + std::to_string(frame.index) + "]";
    return frame.path.empty() ? frame.key : frame.path + "." + frame.key;
  }
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool open(bool array) {
    Frame frame{array, 0, child_path(), "", {}};
    frames_.push_back(std::move(frame));
    return true;
  }
  bool close() {
    frames_.pop_back();
    return value();
  }

  std::vector<Frame> frames_;
};

void drop_unknown(const TypeSchema* type, json& object, const std::string& path,
                  std::vector<std::string>& dropped) {
  if (!type || !object.is_object()) return;
  for (auto it = object.begin(); it != object.end();) {
    auto field_path = path.empty() ? it.key() : path + "." + it.key();
    const auto* field = type->field(it.key());
    if (!field) {
      dropped.push_back(field_path);
      it = object.erase(it);
      continue;
    }
    if (const auto* child = field_type(field)) {
      if (field->list && it->is_array())
        for (size_t i = 0; i < it->size(); ++i)
          drop_unknown(child, (*it)[i], field_path + "[" + std::to_string(i) + "]", dropped);
      else if (!field->list)
        drop_unknown(child, *it, field_path, dropped);
    }
    ++it;
  }
}

// The Go package of each API group's internal types, as conversion errors name them.
std::string internal_package(const Resource& resource) {
  if (resource.group.empty()) return "core";
  return resource.group.substr(0, resource.group.find('.'));
}

}  // namespace

std::expected<WriteOptions, Reply> parse_write_options(const std::string& options_kind,
                                                       const std::string& field_validation,
                                                       const std::vector<std::string>& dry_run,
                                                       const std::string& propagation_policy) {
  WriteOptions options;
  FieldErrors errors;
  if (field_validation == "Strict")
    options.field_validation = WriteOptions::FieldValidation::Strict;
  else if (field_validation == "Ignore")
    options.field_validation = WriteOptions::FieldValidation::Ignore;
  else if (!field_validation.empty() && field_validation != "Warn")
    errors.push_back(
        not_supported_field("fieldValidation", go_quote(field_validation), {"", "Ignore", "Strict", "Warn"}));
  for (const auto& value : dry_run)
    if (value != "All") {
      errors.push_back(not_supported_field("dryRun", go_string_slice(dry_run), {"All"}));
      break;
    }
  if (!propagation_policy.empty() && propagation_policy != "Foreground" &&
      propagation_policy != "Background" && propagation_policy != "Orphan")
    errors.push_back(not_supported_field("propagationPolicy", go_quote(propagation_policy),
                                         {"Foreground", "Background", "Orphan", "nil"}));
  if (!errors.empty()) return std::unexpected(invalid_reply("meta.k8s.io", options_kind, "", errors));
  options.propagation_policy = propagation_policy;
  options.dry_run = !dry_run.empty();
  return options;
}

std::vector<std::string> duplicate_fields(const std::string& json_text) {
  DuplicateFinder finder;
  json::sax_parse(json_text, &finder, json::input_format_t::json, false);
  return finder.duplicates;
}

std::vector<std::string> drop_unknown_fields(const TypeSchema* type, json& object) {
  std::vector<std::string> dropped;
  drop_unknown(type, object, "", dropped);
  return dropped;
}

std::vector<std::string> strict_decoding_errors(const Resource& resource, json& object,
                                                const WriteOptions& options) {
  std::vector<std::string> errors;
  for (const auto& path : options.duplicate_fields) errors.push_back("duplicate field " + go_quote(path));
  for (const auto& path : drop_unknown_fields(schema_type(resource.kind), object))
    errors.push_back("unknown field " + go_quote(path));
  return errors;
}

std::expected<std::vector<std::string>, Reply> decode_body(const Resource& resource, json& object,
                                                           const WriteOptions& options) {
  if (!object.is_object())
    return std::unexpected(status_reply(400, "BadRequest", "the body is not a JSON object"));
  auto kind = string_member(object, "kind", resource.kind);
  auto api_version = string_member(object, "apiVersion", resource.api_version());
  if (kind != resource.kind || api_version != resource.api_version()) {
    auto version = api_version.substr(api_version.find('/') + 1);
    std::string why;
    const Resource* known = nullptr;
    for (const auto& each : resources())
      if (each.kind == kind && each.api_version() == api_version) known = &each;
    if (known)
      why = "converting (" + known->version + "." + kind + ") to (" + internal_package(resource) + "." +
            resource.kind + "): unknown conversion";
    else
      why = "no kind " + go_quote(kind) + " is registered for version " + go_quote(api_version) +
            " in scheme \"pkg/api/legacyscheme/scheme.go:30\"";
    return std::unexpected(status_reply(
        400, "BadRequest",
        kind + " in version " + go_quote(version) + " cannot be handled as a " + resource.kind + ": " + why));
  }
  auto errors = strict_decoding_errors(resource, object, options);
  if (errors.empty() || options.field_validation == WriteOptions::FieldValidation::Ignore)
    return std::vector<std::string>{};
  if (options.field_validation == WriteOptions::FieldValidation::Warn) return errors;
  std::string joined;
  for (const auto& error : errors) joined += (joined.empty() ? "" : ", ") + error;
  return std::unexpected(status_reply(400, "BadRequest",
                                      kind + " in version " + go_quote(resource.version) +
                                          " cannot be handled as a " + resource.kind +
                                          ": strict decoding error: " + joined));
}

}  // namespace ks::standin
