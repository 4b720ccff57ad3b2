#include "base/json_access.hpp"
#include "tests/support/control_plane/registry.hpp"

// What kube-apiserver creates at start, before it reports ready.
namespace ks::standin {

Status Registry::seed(int secure_port) {
  const auto& system = api_server_user();
  auto ensure = [&](const std::string& group, const std::string& name, const std::string& namespace_,
                    nlohmann::json object) -> Status {
    const auto* resource = find_resource(group, "v1", name);
    object["apiVersion"] = resource->api_version();
    object["kind"] = resource->kind;
    auto reply = create(*resource, namespace_, std::move(object), system);
    if (reply.status != 201 && reply.status != 409)
      return failure("creating the API server's own " + name, reply.body.value("message", ""));
    return {};
  };
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
    KS_CHECK(ensure("", "namespaces", "", {{"metadata", {{"name", ns}}}}));
  if (service_range_) {
    auto first = KS_TRY(service_range_->nth(1));
    KS_CHECK(ensure(
        "", "services", "default",
        {{"metadata",
          {{"name", "kubernetes"}, {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
         {"spec",
          {{"clusterIP", first.str()},
           {"type", "ClusterIP"},
           {"ports",
            {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", secure_port}}}}}}}));
  }
  for (auto& role : bootstrap_cluster_roles())
    KS_CHECK(ensure("rbac.authorization.k8s.io", "clusterroles", "", role));
  for (auto& binding : bootstrap_cluster_role_bindings())
    KS_CHECK(ensure("rbac.authorization.k8s.io", "clusterrolebindings", "", binding));
  return {};
}

}  // namespace ks::standin
