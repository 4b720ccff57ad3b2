#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/reply.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// "configmaps" for the core group, "clusterroles.rbac.authorization.k8s.io" otherwise, as in real messages.
std::string qualified_name(const Resource& resource);

// The Status replies of the storage layer, as kube-apiserver words them (apimachinery's errors.NewNotFound,
// NewConflict) with their details (name, group, kind).
nlohmann::json resource_details(const Resource& resource, const std::string& name);
Reply not_found(const Resource& resource, const std::string& name);
Reply conflict(const Resource& resource, const std::string& name);

// Whether an object still has finalizers to run before it may go.
bool has_finalizers(const nlohmann::json& object);

// The current time as metadata timestamps carry it.
std::string now_rfc3339();

}  // namespace ks::standin
