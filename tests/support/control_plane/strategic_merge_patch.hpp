#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/api_schema.hpp"

namespace ks::standin {

// Why a patch could not be applied, with the HTTP status kube-apiserver answers it with
// (interpretStrategicMergePatchError in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
// 400 for a malformed directive, 422 for lists of lists, 500 (a plain error) for the rest.
struct PatchError {
  int status = 500;
  std::string message;
};

// Applies a strategic merge patch as staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
// (StrategicMergeMapPatch) does: maps merge, `null` deletes, lists with a merge strategy in `type`'s schema
// merge (by merge key for lists of maps, as a set for scalars) and every other list is replaced; the
// `$patch: replace|delete` directives in maps and lists, `$retainKeys`, `$setElementOrder/<list>` and
// `$deleteFromPrimitiveList/<list>`; and the element order of merged lists: patch items in patch order,
// server-only items in server order, new items ahead of the server items they are not ordered against.
std::expected<nlohmann::json, PatchError> strategic_merge_patch(nlohmann::json original, nlohmann::json patch,
                                                                const TypeSchema* type);

}  // namespace ks::standin
