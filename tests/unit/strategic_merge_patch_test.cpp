// The strategic merge patch engine of the control-plane stand-in against the semantics of
// staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go, with the patch strategies of
// staging/src/k8s.io/api/core/v1/types.go (NodeSpec.taints has none: it is replaced; NodeStatus.addresses
// and conditions merge by type; containers, env and volumes by name; ports by containerPort; volumeMounts
// by mountPath; ObjectMeta.finalizers merge as a set).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/control_plane/strategic_merge_patch.hpp"

namespace ks::standin {
namespace {

using nlohmann::json;

struct PatchCase {
  const char* name;
  const char* kind;
  const char* original;
  const char* patch;
  const char* expected;  // the merged object, or the error's message when `status` is set
  int status = 0;
};

const PatchCase kCases[] = {
    {"maps merge and null deletes", "ConfigMap", R"({"data":{"a":"1","b":"2"},"metadata":{"name":"x"}})",
     R"({"data":{"b":null,"c":"3"}})", R"({"data":{"a":"1","c":"3"},"metadata":{"name":"x"}})"},
    {"a node's taints are replaced: NodeSpec.taints has no patch strategy", "Node",
     R"({"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}})",
     R"({"spec":{"taints":[{"key":"b","effect":"NoExecute"}]}})",
     R"({"spec":{"taints":[{"key":"b","effect":"NoExecute"}]}})"},
    {"a $patch: delete element of a replaced list is kept as it is", "Node",
     R"({"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}})",
     R"({"spec":{"taints":[{"key":"a","$patch":"delete"}]}})",
     R"({"spec":{"taints":[{"key":"a","$patch":"delete"}]}})"},
    {"node addresses merge by type in the server order", "Node",
     R"({"status":{"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.1"}]}})",
     R"({"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.2"}]}})",
     R"({"status":{"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.2"}]}})"},
    {"a new condition goes ahead of the server's", "Node",
     R"({"status":{"conditions":[{"type":"Ready","status":"True"}]}})",
     R"({"status":{"conditions":[{"type":"MemoryPressure","status":"False"}]}})",
     R"({"status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}]}})"},
    {"a container's image changes and its args stay", "Pod",
     R"({"spec":{"containers":[{"name":"c","image":"x:1","args":["--a"]},{"name":"d","image":"y"}]}})",
     R"({"spec":{"containers":[{"name":"c","image":"x:2"}]}})",
     R"({"spec":{"containers":[{"name":"c","image":"x:2","args":["--a"]},{"name":"d","image":"y"}]}})"},
    {"args are replaced, env merges by name", "Pod",
     R"({"spec":{"containers":[{"name":"c","args":["--a"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}})",
     R"({"spec":{"containers":[{"name":"c","args":["--b"],"env":[{"name":"B","value":"3"}]}]}})",
     R"({"spec":{"containers":[{"name":"c","args":["--b"],"env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}]}})"},
    {"ports merge by containerPort", "Pod",
     R"({"spec":{"containers":[{"name":"c","ports":[{"containerPort":80,"name":"http"}]}]}})",
     R"({"spec":{"containers":[{"name":"c","ports":[{"containerPort":80,"protocol":"TCP"}]}]}})",
     R"({"spec":{"containers":[{"name":"c","ports":[{"containerPort":80,"name":"http","protocol":"TCP"}]}]}})"},
    {"volumes merge by name, volumeMounts by mountPath", "Pod",
     R"({"spec":{"volumes":[{"name":"v","hostPath":{"path":"/a"}}],"containers":[{"name":"c","volumeMounts":[{"mountPath":"/m","name":"v"}]}]}})",
     R"({"spec":{"volumes":[{"name":"w","emptyDir":{}}],"containers":[{"name":"c","volumeMounts":[{"mountPath":"/m","readOnly":true}]}]}})",
     R"({"spec":{"volumes":[{"name":"w","emptyDir":{}},{"name":"v","hostPath":{"path":"/a"}}],"containers":[{"name":"c","volumeMounts":[{"mountPath":"/m","name":"v","readOnly":true}]}]}})"},
    {"the Pod template of a Deployment has the same strategies", "Deployment",
     R"({"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"a"}]}}}})",
     R"({"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"b"}]}}}})",
     R"({"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"b"}]}}}})"},
    {"$patch: delete removes a list element by its merge key", "Pod",
     R"({"spec":{"containers":[{"name":"c"},{"name":"d"}]}})",
     R"({"spec":{"containers":[{"name":"c","$patch":"delete"}]}})",
     R"({"spec":{"containers":[{"name":"d"}]}})"},
    {"$patch: replace in a list replaces it", "Pod", R"({"spec":{"containers":[{"name":"c"},{"name":"d"}]}})",
     R"({"spec":{"containers":[{"name":"e"},{"$patch":"replace"}]}})",
     R"({"spec":{"containers":[{"name":"e"}]}})"},
    {"$patch: replace in a map replaces it", "ConfigMap", R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
     R"({"metadata":{"labels":{"$patch":"replace","c":"3"}}})", R"({"metadata":{"labels":{"c":"3"}}})"},
    {"$patch: delete in a map empties it", "ConfigMap", R"({"data":{"a":"1"}})",
     R"({"data":{"$patch":"delete"}})", R"({"data":{}})"},
    {"$patch: merge in a list is refused", "Pod", R"({"spec":{"containers":[{"name":"c"}]}})",
     R"({"spec":{"containers":[{"name":"c","$patch":"merge"}]}})",
     "merging lists cannot yet be specified in the patch", 500},
    {"$patch: merge in a map is an unknown patch type", "ConfigMap", R"({"data":{"a":"1"}})",
     R"({"data":{"$patch":"merge"}})", "unknown patch type: merge in map: map[$patch:merge]", 500},
    {"$retainKeys clears the server's other keys", "Deployment",
     R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})",
     R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})",
     R"({"spec":{"strategy":{"type":"Recreate"}}})"},
    {"$retainKeys must list every key the patch sets", "Deployment",
     R"({"spec":{"strategy":{"type":"RollingUpdate"}}})",
     R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}})",
     "invalid patch format of retainKeys", 400},
    {"$setElementOrder reorders a merged list", "Pod",
     R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}})",
     R"({"spec":{"containers":[{"name":"b"},{"name":"a"}]}})"},
    {"$setElementOrder places a new element", "Pod", R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"n"},{"name":"b"}],"containers":[{"name":"n"}]}})",
     R"({"spec":{"containers":[{"name":"a"},{"name":"n"},{"name":"b"}]}})"},
    {"$deleteFromPrimitiveList removes scalars from a merged list", "ConfigMap",
     R"({"metadata":{"finalizers":["x/a","x/b"]}})",
     R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["x/a"]}})",
     R"({"metadata":{"finalizers":["x/b"]}})"},
    {"a merged list of scalars is a set, new values first", "ConfigMap",
     R"({"metadata":{"finalizers":["x/a"]}})", R"({"metadata":{"finalizers":["x/b","x/a"]}})",
     R"({"metadata":{"finalizers":["x/b","x/a"]}})"},
    {"a malformed directive key is refused", "ConfigMap", R"({"metadata":{"finalizers":["x/a"]}})",
     R"({"metadata":{"$deleteFromPrimitiveList":["x/a"]}})", "invalid patch format of primitive list", 400},
    {"keys the server lacks are taken as they are", "ConfigMap", R"({"data":{}})",
     R"({"metadata":{"finalizers":[["x"]]},"x":[[1]]})",
     R"({"data":{},"metadata":{"finalizers":[["x"]]},"x":[[1]]})"},
    {"a merged list element needs its merge key", "Pod", R"({"spec":{"containers":[{"name":"c"}]}})",
     R"({"spec":{"containers":[{"image":"y"}]}})",
     "map: map[image:y] does not contain declared merge key: name", 500},
    {"a patch that is not an object is refused", "Pod", R"({})", R"([1])",
     "json: cannot unmarshal array into Go value of type map[string]interface {}", 400},
};

class StrategicMergePatch : public ::testing::TestWithParam<PatchCase> {};

TEST_P(StrategicMergePatch, AppliesAsKubernetesDoes) {
  const auto& c = GetParam();
  auto merged = strategic_merge_patch(json::parse(c.original), json::parse(c.patch), schema_type(c.kind));
  if (c.status != 0) {
    ASSERT_FALSE(merged) << merged->dump();
    EXPECT_EQ(merged.error().status, c.status);
    EXPECT_EQ(merged.error().message, c.expected);
  } else {
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(*merged, json::parse(c.expected)) << merged->dump();
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, StrategicMergePatch, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(StrategicMergePatchLists, ListsOfListsInAMergedListAreRefused) {
  auto merged =
      strategic_merge_patch(json::parse(R"({"metadata":{"finalizers":[["a"]]}})"),
                            json::parse(R"({"metadata":{"finalizers":[["b"]]}})"), schema_type("ConfigMap"));
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().status, 422);
  EXPECT_EQ(merged.error().message, "lists of lists are not supported");
}

}  // namespace
}  // namespace ks::standin
