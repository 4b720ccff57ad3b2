#include "tests/support/control_plane/authorizer.hpp"

#include <algorithm>

#include "base/strings.hpp"
#include "tests/support/control_plane/node_authorizer.hpp"
#include "tests/support/control_plane/user_facing_roles.hpp"

namespace ks::standin {

namespace {

bool has(const nlohmann::json& list, const std::string& value) {
  if (!list.is_array()) return false;
  return std::ranges::any_of(list, [&](const auto& item) { return item == "*" || item == value; });
}

bool rule_allows(const nlohmann::json& rule, const Attributes& request) {
  if (!has(rule.value("verbs", nlohmann::json::array()), request.verb)) return false;
  if (!request.resource_request) {
    for (const auto& url : rule.value("nonResourceURLs", nlohmann::json::array())) {
      auto pattern = url.get<std::string>();
      if (pattern == request.path) return true;
      if (pattern.ends_with("*") && request.path.starts_with(pattern.substr(0, pattern.size() - 1)))
        return true;
    }
    return false;
  }
  if (!has(rule.value("apiGroups", nlohmann::json::array()), request.group)) return false;
  auto resource =
      request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  if (!has(rule.value("resources", nlohmann::json::array()), resource)) return false;
  auto names = rule.value("resourceNames", nlohmann::json::array());
  return names.empty() || (!request.name.empty() && has(names, request.name));
}

bool subject_matches(const nlohmann::json& subject, const UserInfo& user) {
  auto kind = subject.value("kind", "");
  auto name = subject.value("name", "");
  if (kind == "User") return name == user.name;
  if (kind == "Group") return user.in(name);
  if (kind == "ServiceAccount")
    return user.name == "system:serviceaccount:" + subject.value("namespace", "") + ":" + name;
  return false;
}

bool bound(const nlohmann::json& binding, const UserInfo& user) {
  return std::ranges::any_of(binding.value("subjects", nlohmann::json::array()),
                             [&](const auto& subject) { return subject_matches(subject, user); });
}

const nlohmann::json* find_role(const std::vector<nlohmann::json>& roles, const std::string& name,
                                const std::string& namespace_ = "") {
  for (const auto& role : roles)
    if (role["metadata"].value("name", "") == name &&
        (namespace_.empty() || role["metadata"].value("namespace", "") == namespace_))
      return &role;
  return nullptr;
}

nlohmann::json cluster_role(const std::string& name, nlohmann::json rules) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRole"},
          {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/bootstrapping", "rbac-defaults"}}}}},
          {"rules", rules}};
}

nlohmann::json cluster_binding(const std::string& name, const std::string& role, const std::string& kind,
                               const std::vector<std::string>& subjects) {
  auto list = nlohmann::json::array();
  for (const auto& subject : subjects)
    list.push_back({{"kind", kind}, {"name", subject}, {"apiGroup", "rbac.authorization.k8s.io"}});
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRoleBinding"},
          {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/bootstrapping", "rbac-defaults"}}}}},
          {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role}}},
          {"subjects", list}};
}

nlohmann::json rule(nlohmann::json groups, nlohmann::json resources, nlohmann::json verbs,
                    nlohmann::json names = nlohmann::json::array()) {
  nlohmann::json r = {{"apiGroups", groups}, {"resources", resources}, {"verbs", verbs}};
  if (!names.empty()) r["resourceNames"] = names;
  return r;
}

}  // namespace

bool UserInfo::in(const std::string& group) const {
  return std::ranges::find(groups, group) != groups.end();
}

Result<std::vector<std::string>> parse_authorization_modes(const std::string& flag) {
  std::vector<std::string> modes;
  for (const auto& mode : split(flag.empty() ? "AlwaysAllow" : flag, ',')) {
    if (mode == "Webhook" || mode == "ABAC")
      return failure("authorization-mode " + mode, "not available in the test control plane");
    if (mode != "AlwaysAllow" && mode != "AlwaysDeny" && mode != "Node" && mode != "RBAC")
      return invalid("--authorization-mode", "authorization-mode \"" + mode + "\" is not a valid mode");
    if (std::ranges::find(modes, mode) != modes.end())
      return invalid("--authorization-mode",
                     "authorization-mode " + mode + " has mode specified more than once");
    modes.push_back(mode);
  }
  return modes;
}

Decision authorize(const std::vector<std::string>& modes, const UserInfo& user, const Attributes& request,
                   const ObjectSource& objects) {
  if (user.in("system:masters")) return {Verdict::Allow, ""};
  std::vector<std::string> reasons;
  for (const auto& mode : modes) {
    Decision decision;
    if (mode == "AlwaysAllow") decision = {Verdict::Allow, ""};
    if (mode == "AlwaysDeny") decision = {Verdict::NoOpinion, "Everything is forbidden."};
    if (mode == "Node") decision = authorize_node(user, request, [&] { return objects("pods"); });
    if (mode == "RBAC" && rbac_allows(user, request, objects)) decision = {Verdict::Allow, ""};
    if (decision.verdict != Verdict::NoOpinion) return decision;
    if (!decision.reason.empty()) reasons.push_back(decision.reason);
  }
  return {Verdict::NoOpinion, join(reasons, "\n")};
}

bool rbac_allows(const UserInfo& user, const Attributes& request, const ObjectSource& objects) {
  auto namespace_ = request.resource_request ? request.namespace_ : "";
  return std::ranges::any_of(rbac_rules_for(user, namespace_, objects),
                             [&](const auto& rule) { return rule_allows(rule, request); });
}

std::vector<nlohmann::json> rbac_rules_for(const UserInfo& user, const std::string& namespace_,
                                           const ObjectSource& objects) {
  std::vector<nlohmann::json> rules;
  auto add = [&](const nlohmann::json* role) {
    if (role && role->contains("rules") && (*role)["rules"].is_array())
      for (const auto& rule : (*role)["rules"]) rules.push_back(rule);
  };
  auto cluster_roles = objects("clusterroles");
  for (const auto& binding : objects("clusterrolebindings"))
    if (bound(binding, user)) add(find_role(cluster_roles, binding["roleRef"].value("name", "")));
  if (namespace_.empty()) return rules;
  auto roles = objects("roles");
  for (const auto& binding : objects("rolebindings")) {
    if (binding["metadata"].value("namespace", "") != namespace_ || !bound(binding, user)) continue;
    const auto& ref = binding["roleRef"];
    add(ref.value("kind", "") == "ClusterRole" ? find_role(cluster_roles, ref.value("name", ""))
                                               : find_role(roles, ref.value("name", ""), namespace_));
  }
  return rules;
}

std::vector<nlohmann::json> bootstrap_cluster_roles() {
  const std::string certs = "certificates.k8s.io";
  std::vector<nlohmann::json> roles = {
      cluster_role("cluster-admin",
                   {rule({"*"}, {"*"}, {"*"}), {{"nonResourceURLs", {"*"}}, {"verbs", {"*"}}}}),
      cluster_role("system:discovery", {{{"nonResourceURLs",
                                          {"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
                                           "/openapi", "/openapi/*", "/readyz", "/version", "/version/"}},
                                         {"verbs", {"get"}}}}),
      cluster_role("system:public-info-viewer",
                   {{{"nonResourceURLs", {"/healthz", "/livez", "/readyz", "/version", "/version/"}},
                     {"verbs", {"get"}}}}),
      cluster_role("system:basic-user",
                   {rule({"authorization.k8s.io"}, {"selfsubjectaccessreviews", "selfsubjectrulesreviews"},
                         {"create"}),
                    rule({"authentication.k8s.io"}, {"selfsubjectreviews"}, {"create"})}),
      cluster_role("system:node-bootstrapper",
                   {rule({certs}, {"certificatesigningrequests"}, {"create", "get", "list", "watch"})}),
      cluster_role("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                   {rule({certs}, {"certificatesigningrequests/nodeclient"}, {"create"})}),
      cluster_role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                   {rule({certs}, {"certificatesigningrequests/selfnodeclient"}, {"create"})}),
      cluster_role(
          "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
          {rule({certs}, {"signers"}, {"approve"}, {"kubernetes.io/kube-apiserver-client-kubelet"})}),
      cluster_role("system:node-proxier",
                   {rule({""}, {"endpoints", "services"}, {"list", "watch"}),
                    rule({""}, {"nodes"}, {"get", "list", "watch"}),
                    rule({"", "events.k8s.io"}, {"events"}, {"create", "patch", "update"}),
                    rule({"discovery.k8s.io"}, {"endpointslices"}, {"list", "watch"})}),
      cluster_role("system:node", {rule({""}, {"nodes", "nodes/status"},
                                        {"create", "get", "list", "watch", "patch", "update"})}),
      // kube-controller-manager's controllers (bootstrapsigner, tokencleaner, csrapproving, csrsigning) run
      // with this identity here instead of one service account each.
      cluster_role(
          "system:kube-controller-manager",
          {rule({""}, {"secrets"}, {"get", "list", "watch", "delete"}),
           rule({""}, {"configmaps"}, {"get", "list", "watch", "create", "update"}),
           rule({""}, {"namespaces"}, {"get", "list", "watch"}),
           rule({""}, {"serviceaccounts"}, {"get", "list", "watch", "create"}),
           rule({certs}, {"certificatesigningrequests"}, {"get", "list", "watch"}),
           rule({certs}, {"certificatesigningrequests/approval", "certificatesigningrequests/status"},
                {"update"}),
           rule({certs}, {"signers"}, {"approve", "sign"}),
           rule({"authorization.k8s.io"}, {"subjectaccessreviews"}, {"create"}),
           // clusterrole-aggregation's own role (system:controller:clusterrole-aggregation-controller in
           // plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go): escalate, since the
           // rules it writes into admin, edit and view are more than it holds.
           rule({"rbac.authorization.k8s.io"}, {"clusterroles"},
                {"escalate", "get", "list", "watch", "update", "patch"})}),
      cluster_role("system:kube-scheduler", {rule({""}, {"nodes", "pods"}, {"get", "list", "watch"})}),
  };
  auto user_facing = user_facing_cluster_roles();
  roles.insert(roles.end(), user_facing.begin(), user_facing.end());
  return roles;
}

std::vector<nlohmann::json> bootstrap_cluster_role_bindings() {
  return {
      cluster_binding("cluster-admin", "cluster-admin", "Group", {"system:masters"}),
      cluster_binding("system:discovery", "system:discovery", "Group", {"system:authenticated"}),
      cluster_binding("system:public-info-viewer", "system:public-info-viewer", "Group",
                      {"system:authenticated", "system:unauthenticated"}),
      cluster_binding("system:basic-user", "system:basic-user", "Group", {"system:authenticated"}),
      cluster_binding("system:node-proxier", "system:node-proxier", "User", {"system:kube-proxy"}),
      cluster_binding("system:kube-controller-manager", "system:kube-controller-manager", "User",
                      {"system:kube-controller-manager"}),
      cluster_binding("system:kube-scheduler", "system:kube-scheduler", "User", {"system:kube-scheduler"}),
  };
}

}  // namespace ks::standin
