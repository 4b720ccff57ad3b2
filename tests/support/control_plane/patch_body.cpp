#include "tests/support/control_plane/patch_body.hpp"

#include "tests/support/control_plane/field_errors.hpp"
#include "tests/support/control_plane/strategic_merge_patch.hpp"

namespace ks::standin {

namespace {

// errors.NewGenericServerResponse(422, "", GroupResource{}, "", ...) as patch.go uses it.
Reply generic_unprocessable() {
  return status_reply(422, "Invalid", "the server rejected our request due to an error in our request",
                      nlohmann::json::object());
}

}  // namespace

std::expected<Patched, Reply> apply_patch(const Resource& resource, const nlohmann::json& current,
                                          const std::string& content_type, const nlohmann::json& patch,
                                          const WriteOptions& options) {
  nlohmann::json next = current;
  // What a strict-decoding refusal shows as the bad value: the patch as Go prints the decoded map for a
  // strategic merge patch, the patched object's JSON for the others.
  std::string shown;
  if (content_type.starts_with("application/json-patch+json")) {
    if (!patch.is_array())
      return std::unexpected(status_reply(400, "BadRequest",
                                          "json: cannot unmarshal " + std::string(patch.type_name()) +
                                              " into Go value of type jsonpatch.Patch"));
    try {
      next = next.patch(patch);
    } catch (const std::exception&) {
      // The nlohmann patch refuses what evanphx/json-patch refuses (a missing path, a failed test); patch.go
      // answers that with NewGenericServerResponse(422): a fixed message and empty details.
      return std::unexpected(generic_unprocessable());
    }
    shown = next.dump();
  } else if (content_type.starts_with("application/strategic-merge-patch+json")) {
    auto merged = strategic_merge_patch(next, patch, schema_type(resource.kind));
    if (!merged) {
      const auto& error = merged.error();
      if (error.status == 400) return std::unexpected(status_reply(400, "BadRequest", error.message));
      if (error.status == 422) return std::unexpected(generic_unprocessable());
      // A plain Go error: ErrorToAPIStatus answers 500 with no reason.
      return std::unexpected(status_reply(500, "", error.message));
    }
    next = std::move(*merged);
    shown = go_value(patch);
  } else {
    if (!patch.is_object())
      return std::unexpected(status_reply(400, "BadRequest",
                                          "json: cannot unmarshal " + std::string(patch.type_name()) +
                                              " into Go value of type map[string]interface {}"));
    next.merge_patch(patch);
    shown = next.dump();
  }
  auto errors = strict_decoding_errors(resource, next, options);
  if (errors.empty() || options.field_validation == WriteOptions::FieldValidation::Ignore)
    return Patched{next, {}};
  if (options.field_validation == WriteOptions::FieldValidation::Warn) return Patched{next, errors};
  std::string joined;
  for (const auto& error : errors) joined += (joined.empty() ? "" : ", ") + error;
  return std::unexpected(invalid_reply(
      "", "", "", {invalid_field("patch", go_quote(shown), "strict decoding error: " + joined)}));
}

}  // namespace ks::standin
