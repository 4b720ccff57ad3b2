// The JavaScript client a lab user has, @kubernetes/client-node 1.4.0 (tests/node): its typed calls, its
// watch (watch=true, staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go) and the Status it
// surfaces in an ApiException for a refused request (staging/src/k8s.io/apimachinery/pkg/api/errors/
// errors.go: NewAlreadyExists, NewInvalid, NewForbidden with the RBAC authorizer's wording).
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class JsClient : public RealismCluster {
 protected:
  static nlohmann::json run_json(const std::string& snippet, const std::string& kubeconfig = "") {
    auto result = javascript(snippet, kubeconfig);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }
};

TEST_F(JsClient, ListsTheReadyControlPlaneNode) {
  auto nodes = run_json(R"(
const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
console.log(JSON.stringify(nodes.items.map((node) => ({
  name: node.metadata.name,
  ready: node.status.conditions.find((condition) => condition.type === 'Ready')?.status,
  roles: Object.keys(node.metadata.labels).filter((label) => label.startsWith('node-role.kubernetes.io/')),
}))));
)");
  EXPECT_EQ(nodes,
            nlohmann::json::parse(
                R"([{"name":"cp1","ready":"True","roles":["node-role.kubernetes.io/control-plane"]}])"));
}

// The watch starts from the resourceVersion of a list made before the create, so the ADDED event comes from
// the server's history: no waiting on the clock.
TEST_F(JsClient, WatchSeesACreatedConfigMap) {
  auto seen = run_json(R"(
const core = kc.makeApiClient(k8s.CoreV1Api);
const before = await core.listNamespacedConfigMap({ namespace: 'default' });
await core.createNamespacedConfigMap({
  namespace: 'default', body: { metadata: { name: 'js-watched' }, data: { seen: 'yes' } } });
let found;
const event = new Promise((resolve) => { found = resolve; });
const watch = new k8s.Watch(kc);
const request = await watch.watch('/api/v1/namespaces/default/configmaps',
  { resourceVersion: before.metadata.resourceVersion, timeoutSeconds: 60 },
  (type, object) => { if (object.metadata.name === 'js-watched') found({ type, data: object.data }); },
  (error) => found({ error: String(error) }));
const result = await event;
request.abort();
console.log(JSON.stringify(result));
)");
  EXPECT_EQ(seen, nlohmann::json::parse(R"({"type":"ADDED","data":{"seen":"yes"}})"));
}

TEST_F(JsClient, RefusalsCarryTheirStatus) {
  auto refused = run_json(R"(
const core = kc.makeApiClient(k8s.CoreV1Api);
const out = {};
const body = { metadata: { name: 'js-twice' }, data: { a: 'b' } };
await core.createNamespacedConfigMap({ namespace: 'default', body });
try { await core.createNamespacedConfigMap({ namespace: 'default', body }); } catch (e) { out.again = status(e); }
try {
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Bad_Name' } } });
} catch (e) { out.invalid = status(e); }
console.log(JSON.stringify(out));
)");
  EXPECT_EQ(
      refused["again"],
      nlohmann::json::parse(
          R"({"code":409,"reason":"AlreadyExists","message":"configmaps \"js-twice\" already exists"})"));
  EXPECT_EQ(refused["invalid"]["code"], 422);
  EXPECT_EQ(refused["invalid"]["reason"], "Invalid");
  EXPECT_EQ(refused["invalid"]["message"].get<std::string>().rfind(
                "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase "
                "RFC 1123 "
                "subdomain must consist of",
                0),
            0u)
      << refused.dump();
  // A user the cluster CA vouches for but RBAC grants nothing.
  auto forbidden = run_json(R"(
try {
  await kc.makeApiClient(k8s.CoreV1Api).listNamespacedSecret({ namespace: 'kube-system' });
  console.log(JSON.stringify({ listed: true }));
} catch (e) { console.log(JSON.stringify(status(e))); }
)",
                            kubeconfig_for("js-nobody", {}));
  EXPECT_EQ(forbidden,
            nlohmann::json::parse(
                R"({"code":403,"reason":"Forbidden","message":"secrets is forbidden: User \"js-nobody\" )"
                R"(cannot list resource \"secrets\" in API group \"\" in the namespace \"kube-system\""})"));
}

}  // namespace
}  // namespace ks::testing
