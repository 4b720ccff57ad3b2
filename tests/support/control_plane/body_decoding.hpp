#pragma once

#include <expected>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tests/support/control_plane/api_schema.hpp"
#include "tests/support/control_plane/reply.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// What a write request asks of the server besides its body: the `fieldValidation` and `dryRun` query
// parameters, and the duplicate fields its JSON body repeats (lost once parsed, so found on the raw text).
struct WriteOptions {
  enum class FieldValidation { Ignore, Warn, Strict };
  FieldValidation field_validation = FieldValidation::Warn;  // the server's default (handlers/rest.go)
  bool dry_run = false;
  std::vector<std::string> duplicate_fields = {};
  std::string propagation_policy = {};  // a delete's: Orphan, Background (the default) or Foreground
};

// Checks the query parameters as ValidateCreateOptions (and Update/Patch/Delete) do in
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go: a fieldValidation other than
// "", Ignore, Strict, Warn, a dryRun other than All and a propagationPolicy other than Foreground,
// Background, Orphan are 422 Invalid on <options_kind>.meta.k8s.io.
std::expected<WriteOptions, Reply> parse_write_options(const std::string& options_kind,
                                                       const std::string& field_validation,
                                                       const std::vector<std::string>& dry_run,
                                                       const std::string& propagation_policy = "");

// The paths of keys a JSON text repeats in one object ("metadata.name"), as strict decoding reports them.
std::vector<std::string> duplicate_fields(const std::string& json_text);

// Removes every field `type`'s schema does not know, recursively, and returns the paths removed
// ("spec.foo", "spec.containers[0].bar"), as the typed decoding in kube-apiserver drops them.
std::vector<std::string> drop_unknown_fields(const TypeSchema* type, nlohmann::json& object);

// The strict-decoding errors of a body: its duplicate and unknown fields ("duplicate field \"x\"",
// "unknown field \"spec.foo\""); the unknown fields are removed from `object`.
std::vector<std::string> strict_decoding_errors(const Resource& resource, nlohmann::json& object,
                                                const WriteOptions& options);

// Decodes a create or update body as handlers/create.go and update.go do: a body of another kind or version
// than the URL's is 400 (`ConfigMap in version "v1" cannot be handled as a Secret: ...`); unknown and
// duplicate fields are dropped, then refused under Strict (400, `strict decoding error: unknown field
// "spec.foo"`), returned as warnings under Warn, and ignored under Ignore.
std::expected<std::vector<std::string>, Reply> decode_body(const Resource& resource, nlohmann::json& object,
                                                           const WriteOptions& options);

}  // namespace ks::standin
