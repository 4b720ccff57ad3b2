#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.hpp"

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
  std::string path;            // for non-resource requests (/healthz, /api, ...)
  std::string field_selector;  // of a list or watch
};

// An authorizer's answer (k8s.io/apiserver/pkg/authorization/authorizer): allow, deny, or no opinion, with
// the reason kube-apiserver appends to its Forbidden message.
enum class Verdict { Allow, Deny, NoOpinion };
struct Decision {
  Verdict verdict = Verdict::NoOpinion;
  std::string reason;
  bool allowed() const { return verdict == Verdict::Allow; }
};

// Lists the stored objects of one resource ("roles", "clusterrolebindings", "pods", ...).
using ObjectSource = std::function<std::vector<nlohmann::json>(const std::string& resource)>;

// --authorization-mode: the authorizers in order (AlwaysAllow, AlwaysDeny, Node, RBAC). Webhook and ABAC need
// files and servers the stand-in does not have, so it refuses to start with them, naming the mode.
Result<std::vector<std::string>> parse_authorization_modes(const std::string& flag);

// kube-apiserver's authorizer chain: system:masters first (the privileged-group authorizer), then each mode
// in order; the first Allow or Deny decides, reasons of the others are joined with newlines
// (staging/src/k8s.io/apiserver/pkg/authorization/union/union.go).
Decision authorize(const std::vector<std::string>& modes, const UserInfo& user, const Attributes& request,
                   const ObjectSource& objects);

// RBAC alone over the stored Roles, ClusterRoles and their bindings.
bool rbac_allows(const UserInfo& user, const Attributes& request, const ObjectSource& objects);
// Every RBAC rule the user holds cluster-wide and, when namespace_ is set, in that namespace (the RBAC rule
// resolver's RulesFor).
std::vector<nlohmann::json> rbac_rules_for(const UserInfo& user, const std::string& namespace_,
                                           const ObjectSource& objects);

// The ClusterRoles and ClusterRoleBindings kube-apiserver creates at start-up (those kubeadm relies on).
std::vector<nlohmann::json> bootstrap_cluster_roles();
std::vector<nlohmann::json> bootstrap_cluster_role_bindings();

}  // namespace ks::standin
