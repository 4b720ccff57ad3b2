#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/control_plane/body_decoding.hpp"
#include "tests/support/control_plane/reply.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

struct Patched {
  nlohmann::json object;
  std::vector<std::string> warnings;
};

// Applies a PATCH body to the current object as staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
// does, by Content-Type: application/json-patch+json (RFC 6902), application/merge-patch+json (RFC 7386)
// or application/strategic-merge-patch+json (strategic_merge_patch.hpp with the kind's schema). Unknown and
// duplicate fields of the result are dropped, then refused under Strict as 422
// ` "" is invalid: patch: Invalid value: "...": strict decoding error: unknown field "spec.foo"`, or
// returned as warnings under Warn.
std::expected<Patched, Reply> apply_patch(const Resource& resource, const nlohmann::json& current,
                                          const std::string& content_type, const nlohmann::json& patch,
                                          const WriteOptions& options);

}  // namespace ks::standin
