#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::kube {

class Api;

// Small builders for the objects kubeadm creates, so that phases read as the table of what they make.
nlohmann::json rule(std::vector<std::string> groups, std::vector<std::string> resources,
                    std::vector<std::string> verbs, std::vector<std::string> names = {});
nlohmann::json role(const std::string& name, const std::string& namespace_, nlohmann::json rules);
nlohmann::json cluster_role(const std::string& name, nlohmann::json rules);
nlohmann::json subject(const std::string& kind, const std::string& name, const std::string& namespace_ = "");
nlohmann::json role_binding(const std::string& name, const std::string& namespace_,
                            const std::string& role_kind, const std::string& role, nlohmann::json subjects);
nlohmann::json cluster_role_binding(const std::string& name, const std::string& cluster_role,
                                    nlohmann::json subjects);
nlohmann::json config_map(const std::string& name, const std::string& namespace_, nlohmann::json data);

// The collection URL of an object from its apiVersion, kind and namespace:
// /api/v1/namespaces/kube-system/configmaps, /apis/rbac.authorization.k8s.io/v1/clusterroles, ...
std::string collection_path(const nlohmann::json& object);

// Creates each object, or replaces it when it exists (kubeadm's CreateOrUpdate).
Status apply(Api& api, const std::vector<nlohmann::json>& objects);

}  // namespace ks::kube
