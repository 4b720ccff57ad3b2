#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ks::standin {

struct UserInfo {
  std::string name;
  std::vector<std::string> groups;
  bool in(const std::string& group) const;
};

// What a request asks to do, as kube-apiserver's authorizers see it.
struct Attributes {
  std::string verb;  // get, list, create, update, patch, delete, approve, ...
  bool resource_request = true;
  std::string group, resource, subresource, namespace_, name;
  std::string path;  // for non-resource requests (/healthz, /api, ...)
};

// Lists the stored objects of one RBAC resource ("roles", "clusterrolebindings", ...).
using RbacSource = std::function<std::vector<nlohmann::json>(const std::string& resource)>;

// authorization-mode=Node,RBAC: the node authorizer for system:node:<name> users, then RBAC over the stored
// Roles, ClusterRoles and their bindings; system:masters may do anything.
bool authorize(const UserInfo& user, const Attributes& request, const RbacSource& rbac);

// The ClusterRoles and ClusterRoleBindings kube-apiserver creates at start-up (those kubeadm relies on).
std::vector<nlohmann::json> bootstrap_cluster_roles();
std::vector<nlohmann::json> bootstrap_cluster_role_bindings();

}  // namespace ks::standin
