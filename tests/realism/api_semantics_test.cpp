// The API semantics of a real 1.32 kube-apiserver, as real clients meet them: kubectl 1.32 (which sends
// fieldValidation=Strict unless told --validate=warn|false) and Debian's python3-kubernetes (which sends
// none: the server's default is Warn). Each test names the Kubernetes source file of the rule it checks.
#include <string>

#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class ApiSemantics : public RealismCluster {
 protected:
  static std::string manifest(const std::string& name, const std::string& text) {
    return write("/realism/api-semantics-" + name, text);
  }
  // A refusal as kubectl prints it: `Error from server (Reason): ...` for most Statuses, `The <Kind> "<name>"
  // is invalid: <field>: <error>` rebuilt from an Invalid Status's details, `error: failed to create ...:
  // ...` from its generator commands (create configmap, create secret).
  static ::testing::AssertionResult refused_with(const host::ProcessResult& result, const std::string& text) {
    if (result.exit_code != 0 && result.err.find(text) != std::string::npos)
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "exit code " << result.exit_code << ", stderr: " << result.err;
  }
  static std::string get(const std::vector<std::string>& object, const std::string& jsonpath) {
    std::vector<std::string> args = {"get"};
    args.insert(args.end(), object.begin(), object.end());
    args.insert(args.end(), {"-o", "jsonpath=" + jsonpath});
    return kubectl(args).out;
  }
  // Asks kubectl until `done` holds for its output or a generous bound of requests is spent: the garbage
  // collector and the namespace controller act on their own schedule, as in a real cluster.
  template <class Done>
  static std::string until(const std::vector<std::string>& args, Done done) {
    std::string out;
    for (int i = 0; i < 300; ++i) {
      auto result = kubectl(args);
      out = result.out + result.err;
      if (done(out)) break;
    }
    return out;
  }
};

// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go (decoding with the strict serializer and
// transformDecodeError) and staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go (fieldValidation).
TEST_F(ApiSemantics, UnknownFieldsAreRefusedUnderStrictDroppedWithAWarningUnderWarn) {
  auto file = manifest("unknown-field.yaml",
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fv-strict\n  namespace: default\n"
                       "data:\n  a: b\nfoo: 1\n");
  auto strict = kubectl({"create", "-f", file});
  EXPECT_NE(strict.exit_code, 0);
  EXPECT_EQ(server_error(strict.err),
            std::make_pair(
                std::string("BadRequest"),
                std::string("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
                            "error: unknown field \"foo\"")))
      << strict.err;

  auto deployment =
      manifest("unknown-nested.yaml",
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fv-nested\n  namespace: "
               "default\nspec:\n  selector:\n    matchLabels: {app: fv}\n  replicas: 1\n  foo: 1\n"
               "  template:\n    metadata:\n      labels: {app: fv}\n    spec:\n      containers:\n"
               "      - name: c\n        image: registry.k8s.io/pause:3.10\n        bar: true\n");
  auto nested = kubectl({"create", "-f", deployment});
  EXPECT_EQ(
      server_error(nested.err).second,
      "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field "
      "\"spec.foo\", unknown field \"spec.template.spec.containers[0].bar\"")
      << nested.err;

  // Warn: stored without the field, and kubectl prints the server's Warning header.
  auto warned = kubectl({"create", "--validate=warn", "-f", file});
  EXPECT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_NE(warned.err.find("Warning: unknown field \"foo\""), std::string::npos) << warned.err;
  EXPECT_EQ(kubectl({"get", "configmap", "fv-strict", "-o", "json"}).out.find("\"foo\""), std::string::npos);

  // Ignore: stored without the field, silently.
  auto ignored = kubectl({"create", "--validate=false", "-f", deployment});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err;
  EXPECT_EQ(ignored.err.find("Warning"), std::string::npos) << ignored.err;
  EXPECT_EQ(get({"deployment", "fv-nested"}, "{.spec.template.spec.containers[0].name}"), "c");
}

// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go: a patched object with unknown fields is a
// 422 on the field "patch" (no kind, no name: kubectl says "The request is invalid") under Strict, which
// kubectl apply sends for its three-way patch; kubectl patch sends no fieldValidation and gets the warning.
TEST_F(ApiSemantics, UnknownFieldsInAPatchFollowFieldValidationToo) {
  auto file = manifest("applied.yaml",
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\n"
                       "data:\n  a: \"1\"\n");
  ASSERT_EQ(kubectl({"apply", "-f", file}).exit_code, 0);
  auto unknown =
      manifest("applied.yaml",
               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\n"
               "data:\n  a: \"1\"\nfoo: 1\n");
  auto strict = kubectl({"apply", "-f", unknown});
  EXPECT_TRUE(
      refused_with(strict, "The request is invalid: patch: Invalid value: \"map[foo:1 metadata:map["));
  EXPECT_TRUE(refused_with(strict, "]]]\": strict decoding error: unknown field \"foo\""));

  auto warned = kubectl({"patch", "configmap", "applied", "-p", R"({"bar":2,"data":{"b":"2"}})"});
  EXPECT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_EQ(warned.err, "Warning: unknown field \"bar\"\n");
  EXPECT_EQ(get({"configmap", "applied"}, "{.data}"), R"({"a":"1","b":"2"})");
}

// Duplicate fields are strict-decoding errors too (sigs.k8s.io/json UnmarshalStrict as used by the
// serializer).
TEST_F(ApiSemantics, DuplicateFieldsAreRefusedUnderStrict) {
  auto file =
      manifest("duplicate.json",
               R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fv-dup","name":"fv-dup2"}})");
  auto result = kubectl(
      {"create", "--raw", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", "-f", file});
  EXPECT_EQ(server_error(result.err),
            std::make_pair(
                std::string("BadRequest"),
                std::string("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
                            "error: duplicate field \"metadata.name\"")))
      << result.err;
}

// The Python client (22.6, without a field_validation argument) sends no fieldValidation: the server's
// default, Warn, drops the field and stores the rest; asked for Strict it gets the 400. Its ApiException
// carries the Status as the server wrote it: a resourceVersion on create is the storage's plain error
// (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go), 500 with no reason, and an Invalid Status
// names the group-qualified kind (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go NewInvalid).
TEST_F(ApiSemantics, ThePythonClientSeesTheServersStatuses) {
  auto result = python(R"(
import json, kubernetes
kubernetes.config.load_kube_config()
api = kubernetes.client.CoreV1Api()
body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "fv-python"}, "data": {"a": "b"}, "foo": 1}
api.create_namespaced_config_map("default", body)
stored = api.api_client.sanitize_for_serialization(api.read_namespaced_config_map("fv-python", "default"))
print("stored-foo:", "foo" in stored, stored["data"])
def status(call):
    try:
        call()
    except kubernetes.client.exceptions.ApiException as e:
        s = json.loads(e.body)
        print(e.status, repr(s["reason"]), s["message"], json.dumps(s.get("details", {}).get("causes")))
body["metadata"]["name"] = "fv-python-strict"
status(lambda: api.api_client.call_api(
    "/api/v1/namespaces/{namespace}/configmaps", "POST", {"namespace": "default"}, [("fieldValidation", "Strict")],
    {"Content-Type": "application/json"}, body=body, response_type="object", auth_settings=["BearerToken"]))
status(lambda: api.create_namespaced_config_map("default", {"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "rv-python", "resourceVersion": "7"}}))
rbac = kubernetes.client.RbacAuthorizationV1Api()
rbac.create_namespaced_role_binding("default", {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
    "metadata": {"name": "python-viewers"}, "subjects": [{"kind": "User", "name": "dave"}],
    "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}})
status(lambda: rbac.patch_namespaced_role_binding("python-viewers", "default", {"roleRef": {"name": "edit"}}))
)");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("stored-foo: False {'a': 'b'}"), std::string::npos) << result.out;
  EXPECT_NE(
      result.out.find("400 'BadRequest' ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict "
                      "decoding error: unknown field \"foo\" null"),
      std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("500 '' resourceVersion should not be set on objects to be created null"),
            std::string::npos)
      << result.out;
  EXPECT_NE(
      result.out.find("422 'Invalid' RoleBinding.rbac.authorization.k8s.io \"python-viewers\" is invalid: "
                      "roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", "
                      "Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef [{"),
      std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\"field\": \"roleRef\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"reason\": \"FieldValueInvalid\""), std::string::npos) << result.out;
}

// staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go Create: a plain error, so 500 with no reason.
// kubectl create -f clears the field itself; --raw sends the body as it is.
TEST_F(ApiSemantics, AResourceVersionOnCreateIsRefused) {
  auto file = manifest(
      "with-rv.json",
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv-set","resourceVersion":"5"}})");
  auto result = kubectl({"create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", file});
  EXPECT_TRUE(
      refused_with(result, "Error from server: resourceVersion should not be set on objects to be created"));
  EXPECT_NE(kubectl({"get", "configmap", "rv-set"}).exit_code, 0);
}

// handlers/create.go: the body is decoded as the URL's kind, and a ConfigMap cannot be converted to a Secret
// (staging/src/k8s.io/apimachinery/pkg/conversion/converter.go); staging/src/k8s.io/apiserver/pkg/registry/
// rest/meta.go EnsureObjectNamespaceMatchesRequestNamespace.
TEST_F(ApiSemantics, TheBodyMustBeTheUrlsKindInTheUrlsNamespace) {
  auto config_map = manifest("cm-as-secret.json",
                             R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kind-mismatch"}})");
  auto as_secret = kubectl({"create", "--raw", "/api/v1/namespaces/default/secrets", "-f", config_map});
  EXPECT_EQ(
      server_error(as_secret.err),
      std::make_pair(std::string("BadRequest"),
                     std::string("ConfigMap in version \"v1\" cannot be handled as a Secret: converting "
                                 "(v1.ConfigMap) to (core.Secret): unknown conversion")))
      << as_secret.err;
  EXPECT_NE(kubectl({"get", "secret", "kind-mismatch"}).exit_code, 0);

  auto other_namespace = manifest(
      "cm-other-namespace.json",
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ns-mismatch","namespace":"default"}})");
  auto moved =
      kubectl({"create", "--raw", "/api/v1/namespaces/kube-public/configmaps", "-f", other_namespace});
  EXPECT_EQ(
      server_error(moved.err),
      std::make_pair(std::string("BadRequest"),
                     std::string("the namespace of the provided object does not match the namespace sent on "
                                 "the request")))
      << moved.err;
}

// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go validateOwnerReference.
TEST_F(ApiSemantics, AnOwnerReferenceNeedsItsUid) {
  auto file =
      manifest("owner-without-uid.yaml",
               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned-no-uid\n  namespace: default\n"
               "  ownerReferences:\n  - apiVersion: v1\n    kind: Secret\n    name: some-owner\n");
  EXPECT_TRUE(
      refused_with(kubectl({"create", "-f", file}),
                   "The ConfigMap \"owned-no-uid\" is invalid: metadata.ownerReferences.uid: Invalid value: "
                   "\"\": uid must not be empty"));
}

// staging/src/k8s.io/apiserver/pkg/registry/generic/registry/dryrun.go: dryRun=All validates and stores
// nothing; staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateDryRun.
TEST_F(ApiSemantics, ADryRunIsValidatedAndNeverStored) {
  auto dry = kubectl({"create", "configmap", "dry-one", "--from-literal=a=b", "--dry-run=server"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out, "configmap/dry-one created (server dry run)\n");
  EXPECT_NE(kubectl({"get", "configmap", "dry-one"}).exit_code, 0);
  EXPECT_TRUE(
      refused_with(kubectl({"create", "configmap", "Dry_Bad", "--dry-run=server"}),
                   "error: failed to create configmap: ConfigMap \"Dry_Bad\" is invalid: metadata.name"));

  auto body = manifest("dry.json", R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry-two"}})");
  EXPECT_TRUE(refused_with(
      kubectl({"create", "--raw", "/api/v1/namespaces/default/configmaps?dryRun=Some", "-f", body}),
      "The CreateOptions \"\" is invalid: dryRun: Unsupported value: []string{\"Some\"}: supported values: "
      "\"All\""));
}

// pkg/apis/core/validation/validation.go ValidateSecretUpdate and ValidateConfigMapUpdate;
// pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate.
TEST_F(ApiSemantics, ImmutableFieldsCannotChange) {
  ASSERT_EQ(kubectl({"create", "secret", "generic", "typed", "--from-literal=a=b"}).exit_code, 0);
  EXPECT_TRUE(refused_with(
      kubectl({"patch", "secret", "typed", "--type=merge", "-p", R"({"type":"example.com/other"})"}),
      "The Secret \"typed\" is invalid: type: Invalid value: \"example.com/other\": field is immutable"));

  auto binding =
      manifest("viewers.yaml",
               "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: viewers\n"
               "  namespace: default\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n"
               "  name: view\nsubjects:\n- kind: User\n  name: carol\n");
  ASSERT_EQ(kubectl({"create", "-f", binding}).exit_code, 0);
  EXPECT_TRUE(refused_with(
      kubectl({"patch", "rolebinding", "viewers", "--type=merge", "-p", R"({"roleRef":{"name":"edit"}})"}),
      "The RoleBinding \"viewers\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"
      "\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef"));

  auto frozen = manifest("immutable.yaml",
                         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\n  namespace: default\n"
                         "immutable: true\ndata:\n  a: \"1\"\n");
  ASSERT_EQ(kubectl({"create", "-f", frozen}).exit_code, 0);
  EXPECT_TRUE(refused_with(
      kubectl({"patch", "configmap", "frozen", "--type=merge", "-p", R"({"data":{"a":"2"}})"}),
      "The ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` "
      "is set"));
  EXPECT_TRUE(
      refused_with(kubectl({"patch", "configmap", "frozen", "--type=merge", "-p", R"({"immutable":false})"}),
                   "The ConfigMap \"frozen\" is invalid: immutable: Forbidden: field is immutable when "
                   "`immutable` is set"));
  EXPECT_EQ(get({"configmap", "frozen"}, "{.data.a}"), "1");
}

// staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go through pkg/apis/core/validation.
TEST_F(ApiSemantics, NamesLabelsAndKeysAreValidatedPerKind) {
  EXPECT_TRUE(refused_with(
      kubectl({"create", "configmap", "Bad_Name"}),
      "error: failed to create configmap: ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
      "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
      "or '.', "
      "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
      "is "
      "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));

  // Services are DNS-1035 labels: a leading digit is refused although it is a valid subdomain.
  auto service = manifest("service-name.yaml",
                          "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1svc\n  namespace: default\n"
                          "spec:\n  ports:\n  - port: 80\n");
  EXPECT_TRUE(refused_with(kubectl({"create", "-f", service}),
                           "The Service \"1svc\" is invalid: metadata.name: Invalid value: \"1svc\": a "
                           "DNS-1035 label must consist of "
                           "lower case alphanumeric characters or '-', start with an alphabetic character, "
                           "and end with an alphanumeric "
                           "character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
                           "'[a-z]([-a-z0-9]*[a-z0-9])?')"));

  ASSERT_EQ(kubectl({"create", "configmap", "labelled"}).exit_code, 0);
  EXPECT_TRUE(refused_with(
      kubectl(
          {"patch", "configmap", "labelled", "--type=merge", "-p", R"({"metadata":{"labels":{"a":"b c"}}})"}),
      "The ConfigMap \"labelled\" is invalid: metadata.labels: Invalid value: \"b c\": a valid label must be "
      "an "
      "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
      "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));

  // stringData is folded into data before validation (the v1 conversion), so the error names data.
  auto key = manifest("bad-key.yaml",
                      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad-key\n  namespace: default\n"
                      "stringData:\n  \"a b\": x\n");
  EXPECT_TRUE(refused_with(kubectl({"create", "-f", key}),
                           "The Secret \"bad-key\" is invalid: data[a b]: Invalid value: \"a b\": a valid "
                           "config key must consist of "
                           "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
                           "'key-name', regex used for "
                           "validation is '[-._a-zA-Z0-9]+')"));
}

// staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go with the patch strategies of
// staging/src/k8s.io/api/core/v1/types.go: containers and env merge by name, args have no strategy.
TEST_F(ApiSemantics, AStrategicMergePatchMergesContainersByName) {
  auto deployment =
      manifest("smp-deployment.yaml",
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: smp\n  namespace: default\n"
               "spec:\n  selector:\n    matchLabels: {app: smp}\n  template:\n    metadata:\n"
               "      labels: {app: smp}\n    spec:\n      containers:\n      - name: app\n"
               "        image: example.com/app:1\n        args: [--a]\n        env:\n"
               "        - {name: A, value: \"1\"}\n      - name: sidecar\n"
               "        image: example.com/sidecar:1\n");
  ASSERT_EQ(kubectl({"create", "-f", deployment}).exit_code, 0);
  auto image =
      kubectl({"patch", "deployment", "smp", "-p",
               R"({"spec":{"template":{"spec":{"containers":[{"name":"app","image":"example.com/app:2",)"
               R"("env":[{"name":"B","value":"2"}]}]}}}})"});
  ASSERT_EQ(image.exit_code, 0) << image.err;
  const std::vector<std::string> smp = {"deployment", "smp"};
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[*].name}"), "app sidecar");
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].args}"),
            "example.com/app:2 [\"--a\"]");
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[0].env[*].name}"), "B A");

  // `$patch: delete` removes one element by its merge key; `$setElementOrder` orders the list.
  auto removed =
      kubectl({"patch", "deployment", "smp", "--type=strategic", "-p",
               R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}})"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[*].name}"), "app");
  auto ordered =
      kubectl({"patch", "deployment", "smp", "-p",
               R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"init"},)"
               R"({"name":"app"}],"containers":[{"name":"init","image":"example.com/init:1"}]}}}})"});
  ASSERT_EQ(ordered.exit_code, 0) << ordered.err;
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[*].name}"), "init app");
  // `$retainKeys` clears what it does not list (Deployment.spec.strategy is `patchStrategy:"retainKeys"`).
  auto retained = kubectl({"patch", "deployment", "smp", "-p",
                           R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})"});
  ASSERT_EQ(retained.exit_code, 0) << retained.err;
  EXPECT_EQ(get(smp, "{.spec.strategy}"), R"({"type":"Recreate"})");

  // A JSON merge patch (RFC 7386) replaces lists whole.
  auto merged = kubectl(
      {"patch", "deployment", "smp", "--type=merge", "-p",
       R"({"spec":{"template":{"spec":{"containers":[{"name":"only","image":"example.com/o:1"}]}}}})"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[*].name}"), "only");
  // A JSON patch (RFC 6902) addresses one element.
  auto json_patch =
      kubectl({"patch", "deployment", "smp", "--type=json", "-p",
               R"([{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"x:9"}])"});
  ASSERT_EQ(json_patch.exit_code, 0) << json_patch.err;
  EXPECT_EQ(get(smp, "{.spec.template.spec.containers[0].image}"), "x:9");
  // A failed test operation is the handler's generic 422 (patch.go, NewGenericServerResponse).
  EXPECT_TRUE(refused_with(
      kubectl({"patch", "deployment", "smp", "--type=json", "-p",
               R"([{"op":"test","path":"/spec/template/spec/containers/0/image","value":"y"}])"}),
      "The request is invalid: the server rejected our request due to an error in our request"));
}

// NodeSpec.taints carries no patch strategy in types.go: a strategic merge patch replaces the list (kubectl
// taint and kubeadm send the whole list), and a `$patch: delete` element there is no directive but a taint
// with an unknown field and no effect (kubectl patch sends no fieldValidation: the field is dropped with a
// warning, then validateNodeTaints refuses the taint). Node status addresses merge by type.
TEST_F(ApiSemantics, NodeTaintsAreReplacedAndAddressesMergeByType) {
  auto node = manifest("smp-node.json",
                       R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"smp-node"},"spec":{"taints":[)"
                       R"({"key":"a","effect":"NoSchedule"},{"key":"b","effect":"NoExecute"}]}})");
  ASSERT_EQ(kubectl({"create", "-f", node}).exit_code, 0);
  // The cluster is shared: other tests list its Nodes.
  struct RemoveTheNode {
    ~RemoveTheNode() { kubectl({"delete", "node", "smp-node"}); }
  } remove_the_node;
  auto one = kubectl(
      {"patch", "node", "smp-node", "-p", R"({"spec":{"taints":[{"key":"c","effect":"NoSchedule"}]}})"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(get({"node", "smp-node"}, "{.spec.taints[*].key}"), "c");

  auto directive =
      kubectl({"patch", "node", "smp-node", "-p", R"({"spec":{"taints":[{"key":"c","$patch":"delete"}]}})"});
  EXPECT_TRUE(refused_with(directive, "Warning: unknown field \"spec.taints[0].$patch\""));
  EXPECT_TRUE(
      refused_with(directive, "The Node \"smp-node\" is invalid: spec.taints[0].effect: Required value"));
  EXPECT_EQ(get({"node", "smp-node"}, "{.spec.taints[*].key}"), "c");

  auto status = kubectl({"patch", "node", "smp-node", "--subresource=status", "-p",
                         R"({"status":{"addresses":[{"type":"Hostname","address":"smp-node"},)"
                         R"({"type":"InternalIP","address":"10.9.0.1"}]}})"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto address = kubectl({"patch", "node", "smp-node", "--subresource=status", "-p",
                          R"({"status":{"addresses":[{"type":"InternalIP","address":"10.9.0.2"}]}})"});
  ASSERT_EQ(address.exit_code, 0) << address.err;
  EXPECT_EQ(get({"node", "smp-node"}, "{.status.addresses[*].address}"), "smp-node 10.9.0.2");
}

// pkg/registry/core/service/storage/alloc.go with pkg/registry/core/service/ipallocator; storage.go
// patchAllocatedValues; pkg/apis/core/validation/validation.go validateUpgradeDowngradeClusterIPs.
TEST_F(ApiSemantics, ServiceIpsAreUniqueInRangeAndKeptOnUpdate) {
  auto service = [](const std::string& name, const std::string& cluster_ip) {
    return manifest(
        "svc-" + name + ".yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: default\nspec:\n" +
            (cluster_ip.empty() ? "" : "  clusterIP: " + cluster_ip + "\n") + "  ports:\n  - port: 80\n");
  };
  // kube-dns holds 10.96.0.10 (kubeadm's DNS address in 10.96.0.0/12).
  EXPECT_TRUE(
      refused_with(kubectl({"create", "-f", service("ip-taken", "10.96.0.10")}),
                   "The Service \"ip-taken\" is invalid: spec.clusterIPs: Invalid value: "
                   "[]string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already "
                   "allocated"));
  EXPECT_TRUE(
      refused_with(kubectl({"create", "-f", service("ip-outside", "10.200.0.1")}),
                   "The Service \"ip-outside\" is invalid: spec.clusterIPs: Invalid value: "
                   "[]string{\"10.200.0.1\"}: failed to allocate IP 10.200.0.1: the provided IP (10.200.0.1) "
                   "is not in the valid range. The range of valid IPs is 10.96.0.0/12"));

  auto plain = service("ip-kept", "");
  ASSERT_EQ(kubectl({"create", "-f", plain}).exit_code, 0);
  auto ip = get({"service", "ip-kept"}, "{.spec.clusterIP}");
  EXPECT_FALSE(ip.empty());
  EXPECT_NE(ip, get({"service", "kubernetes"}, "{.spec.clusterIP}"));
  EXPECT_NE(ip, get({"service", "kube-dns", "-n", "kube-system"}, "{.spec.clusterIP}"));
  // A replacement that leaves the address out keeps it.
  auto replaced = kubectl({"replace", "-f", plain});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(get({"service", "ip-kept"}, "{.spec.clusterIP}"), ip);
  EXPECT_TRUE(refused_with(kubectl({"patch", "service", "ip-kept", "--type=merge", "-p",
                                    R"({"spec":{"clusterIP":"10.96.0.50","clusterIPs":["10.96.0.50"]}})"}),
                           "The Service \"ip-kept\" is invalid: spec.clusterIPs[0]: Invalid value: "
                           "[]string{\"10.96.0.50\"}: may not change once set"));
}

// plugin/pkg/admission/namespace/lifecycle/admission.go: the immortal namespaces, and no new content in a
// namespace being terminated; pkg/controller/namespace/deletion removes it once empty.
TEST_F(ApiSemantics, SystemNamespacesStayAndTerminatingOnesTakeNothingNew) {
  for (const std::string name : {"default", "kube-system", "kube-public"}) {
    auto result = kubectl({"delete", "namespace", name});
    EXPECT_EQ(server_error(result.err),
              std::make_pair(std::string("Forbidden"),
                             "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted"))
        << result.err;
  }
  ASSERT_EQ(kubectl({"create", "namespace", "leaving"}).exit_code, 0);
  auto held = manifest("held.yaml",
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: leaving\n"
                       "  finalizers: [example.com/hold]\n");
  ASSERT_EQ(kubectl({"create", "-f", held}).exit_code, 0);
  ASSERT_EQ(kubectl({"delete", "namespace", "leaving", "--wait=false"}).exit_code, 0);
  EXPECT_EQ(get({"namespace", "leaving"}, "{.status.phase}"), "Terminating");
  EXPECT_TRUE(refused_with(
      kubectl({"create", "configmap", "late", "-n", "leaving"}),
      "error: failed to create configmap: configmaps \"late\" is forbidden: unable to create new "
      "content in namespace leaving because it is being terminated"));
  // Once the finalizer is done, the namespace controller empties and removes the namespace.
  ASSERT_EQ(kubectl({"patch", "configmap", "held", "-n", "leaving", "--type=merge", "-p",
                     R"({"metadata":{"finalizers":null}})"})
                .exit_code,
            0);
  auto gone = until({"get", "namespace", "leaving"},
                    [](const std::string& out) { return out.find("NotFound") != std::string::npos; });
  EXPECT_NE(gone.find("namespaces \"leaving\" not found"), std::string::npos) << gone;
}

// pkg/controller/garbagecollector/garbagecollector.go: dependents whose owner (by uid) is gone are deleted in
// the background; a dependent naming an owner with another uid is a dependent of a gone owner.
TEST_F(ApiSemantics, DependentsOfAGoneOwnerAreCollected) {
  ASSERT_EQ(kubectl({"create", "secret", "generic", "gc-owner", "--from-literal=a=b"}).exit_code, 0);
  auto uid = get({"secret", "gc-owner"}, "{.metadata.uid}");
  ASSERT_FALSE(uid.empty());
  auto dependent = [&](const std::string& name, const std::string& owner_uid) {
    return manifest(name + ".yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name +
                                        "\n  namespace: default\n  ownerReferences:\n  - apiVersion: v1\n"
                                        "    kind: Secret\n    name: gc-owner\n    uid: " +
                                        owner_uid + "\n");
  };
  ASSERT_EQ(kubectl({"create", "-f", dependent("gc-dependent", uid)}).exit_code, 0);
  ASSERT_EQ(
      kubectl({"create", "-f", dependent("gc-stale", "00000000-0000-4000-8000-000000000000")}).exit_code, 0);
  auto not_found = [](const std::string& out) { return out.find("NotFound") != std::string::npos; };
  EXPECT_TRUE(not_found(until({"get", "configmap", "gc-stale"}, not_found)));
  EXPECT_EQ(kubectl({"get", "configmap", "gc-dependent", "-o", "name"}).out, "configmap/gc-dependent\n");

  ASSERT_EQ(kubectl({"delete", "secret", "gc-owner"}).exit_code, 0);
  EXPECT_TRUE(not_found(until({"get", "configmap", "gc-dependent"}, not_found)));

  // An Orphan delete (kubectl delete --cascade=orphan) leaves the dependents, without the reference.
  ASSERT_EQ(kubectl({"create", "secret", "generic", "gc-owner", "--from-literal=a=b"}).exit_code, 0);
  ASSERT_EQ(kubectl({"create", "-f", dependent("gc-orphan", get({"secret", "gc-owner"}, "{.metadata.uid}"))})
                .exit_code,
            0);
  ASSERT_EQ(kubectl({"delete", "secret", "gc-owner", "--cascade=orphan"}).exit_code, 0);
  EXPECT_EQ(get({"configmap", "gc-orphan"}, "{.metadata.name} {.metadata.ownerReferences}"), "gc-orphan ");
}

}  // namespace
}  // namespace ks::testing
