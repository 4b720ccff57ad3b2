#pragma once

#include <nlohmann/json_fwd.hpp>

#include "tests/support/control_plane/field_errors.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// The defaults kube-apiserver sets before validating (pkg/apis/*/v1/defaults.go and the v1→internal
// conversion): a Secret's type is Opaque and its stringData is folded into data; RBAC subjects of kind
// User and Group belong to rbac.authorization.k8s.io; a Service is of type ClusterIP with TCP ports; a
// Deployment has one replica and a rolling-update strategy, a DaemonSet a rolling-update strategy.
void apply_defaults(const Resource& resource, nlohmann::json& object);

// The validation of a new object: ObjectMeta (staging/src/k8s.io/apimachinery/pkg/api/validation/
// objectmeta.go: the kind's name rule, labels, annotations, ownerReferences, finalizers) and the kind's own
// rules from pkg/apis/core/validation/validation.go, pkg/apis/apps/validation and pkg/apis/rbac/validation.
FieldErrors validate_create(const Resource& resource, const nlohmann::json& object);

// The same for a replacement of `old`, plus the fields that may not change: a Secret's type, a binding's
// roleRef, the data of an immutable ConfigMap or Secret and its `immutable: true`.
FieldErrors validate_update(const Resource& resource, const nlohmann::json& object,
                            const nlohmann::json& old);

}  // namespace ks::standin
