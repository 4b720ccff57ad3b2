#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/body_decoding.hpp"
#include "tests/support/control_plane/reply.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

class Registry;
struct UserInfo;

// A Deployment's /scale subresource (pkg/registry/apps/deployment/storage/storage.go, ScaleREST): an
// autoscaling/v1 Scale whose metadata is the Deployment's (name, namespace, uid, resourceVersion,
// creationTimestamp), spec.replicas its spec.replicas, status.replicas its status.replicas and
// status.selector its label selector as text. An update or patch of the Scale (kubectl scale patches it)
// sets the Deployment's spec.replicas, with the Scale's resourceVersion as a precondition, after the
// Scale's validation (pkg/apis/autoscaling/validation ValidateScale: replicas ≥ 0).
Reply get_scale(Registry& registry, const Resource& resource, const std::string& namespace_,
                const std::string& name);
Reply update_scale(Registry& registry, const Resource& resource, const std::string& namespace_,
                   const std::string& name, const nlohmann::json& scale, const UserInfo& requester,
                   const WriteOptions& options);
Reply patch_scale(Registry& registry, const Resource& resource, const std::string& namespace_,
                  const std::string& name, const std::string& content_type, const nlohmann::json& patch,
                  const UserInfo& requester, const WriteOptions& options);

}  // namespace ks::standin
