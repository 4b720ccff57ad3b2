#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// kube-apiserver's server-side printing: asked with `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`
// (as kubectl get asks), a get or list answers with a meta.k8s.io/v1 Table whose columns are those of
// pkg/printers/internalversion/printers.go for nodes, namespaces, pods, services, secrets, configmaps,
// serviceaccounts and CSRs, and the default Name / Created At columns for every other kind. Each row carries
// the object's metadata as a PartialObjectMetadata (includeObject=Metadata, the default) or the object.
bool wants_table(const std::string& accept);
nlohmann::json to_table(const Resource& resource, const nlohmann::json& answer,
                        const std::string& include_object, std::chrono::system_clock::time_point now);

// apimachinery/pkg/util/duration HumanDuration: 45s, 5m10s, 3h20m, 5d4h, 2y30d.
std::string human_duration(std::chrono::seconds age);

}  // namespace ks::standin
