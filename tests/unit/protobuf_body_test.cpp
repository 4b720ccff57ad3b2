// kubectl's protobuf request bodies ("k8s\0" + runtime.Unknown, staging/src/k8s.io/apimachinery/pkg/runtime/
// serializer/protobuf/protobuf.go) read with the field numbers of k8s.io/api's generated.proto, in process.
// The bodies here are written field by field as gogo-protobuf marshals them: plain strings, bools and ints
// always on the wire, even at their zero value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/control_plane/protobuf_body.hpp"

namespace ks::standin {
namespace {

using nlohmann::json;

std::string varint(uint64_t value) {
  std::string out;
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    out += static_cast<char>(value ? byte | 0x80 : byte);
  } while (value);
  return out;
}
std::string bytes_field(int number, const std::string& payload) {
  return varint(uint64_t(number) << 3 | 2) + varint(payload.size()) + payload;
}
std::string varint_field(int number, uint64_t value) {
  return varint(uint64_t(number) << 3) + varint(value);
}
std::string object(const std::string& api_version, const std::string& kind, const std::string& raw) {
  return std::string("k8s\0", 4) + bytes_field(1, bytes_field(1, api_version) + bytes_field(2, kind)) +
         bytes_field(2, raw);
}
std::string metadata(const std::string& name) {
  // name, empty generateName and namespace, the zero creationTimestamp (an empty message), generation 0.
  return bytes_field(1, bytes_field(1, name) + bytes_field(2, "") + bytes_field(3, "") + varint_field(7, 0) +
                            bytes_field(8, ""));
}

TEST(ProtobufBody, RoleBindingWithSubjectsAndRoleRef) {
  auto subject = [](const std::string& kind, const std::string& group, const std::string& name) {
    return bytes_field(
        2, bytes_field(1, kind) + bytes_field(2, group) + bytes_field(3, name) + bytes_field(4, ""));
  };
  auto raw = metadata("readers") + subject("User", "rbac.authorization.k8s.io", "ann") +
             subject("ServiceAccount", "", "robot") +
             bytes_field(3, bytes_field(1, "rbac.authorization.k8s.io") + bytes_field(2, "ClusterRole") +
                                bytes_field(3, "view"));
  auto decoded = decode_protobuf_object(object("rbac.authorization.k8s.io/v1", "RoleBinding", raw));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, json::parse(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
      "metadata":{"name":"readers"},
      "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"ann"},
                  {"kind":"ServiceAccount","name":"robot"}],
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}})"));
}

TEST(ProtobufBody, DeploymentKeepsAnExplicitZeroReplicasAndDropsZeroValues) {
  auto port = bytes_field(6, bytes_field(1, "") + varint_field(2, 0) + varint_field(3, 80) +
                                 bytes_field(4, "TCP") + bytes_field(5, ""));
  auto container = bytes_field(2, bytes_field(1, "web") + bytes_field(2, "nginx") + port +
                                      bytes_field(8, "") + bytes_field(14, "") + varint_field(16, 0));
  auto pod = bytes_field(2, container + bytes_field(3, "") + varint_field(11, 0));
  auto entry = bytes_field(1, "app") + bytes_field(2, "web");
  auto labels = bytes_field(11, entry);  // ObjectMeta.labels; LabelSelector.matchLabels is field 1
  auto spec =
      bytes_field(2, varint_field(1, 0) + bytes_field(2, bytes_field(1, entry)) +
                         bytes_field(3, bytes_field(1, labels) + pod) + bytes_field(4, bytes_field(1, "")) +
                         varint_field(5, 0) + varint_field(7, 0));
  auto status = bytes_field(3, varint_field(1, 0) + varint_field(2, 0));
  auto decoded = decode_protobuf_object(object("apps/v1", "Deployment", metadata("web") + spec + status));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
      "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},"strategy":{},
        "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx",
          "ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{}}]}}}})"))
      << decoded->dump();
}

TEST(ProtobufBody, CertificateApprovalWithConditionTimes) {
  auto condition = bytes_field(
      1, bytes_field(1, "Approved") + bytes_field(2, "KubectlApprove") + bytes_field(3, "approved") +
             bytes_field(4, varint_field(1, 1767225600)) + bytes_field(5, "") + bytes_field(6, "True"));
  auto spec = bytes_field(2, bytes_field(1, "PEM") + bytes_field(2, "bob") +
                                 bytes_field(4, "system:authenticated") + bytes_field(5, "client auth") +
                                 bytes_field(7, "kubernetes.io/kube-apiserver-client"));
  auto meta = bytes_field(
      1, bytes_field(1, "csr-1") + bytes_field(6, "42") + bytes_field(8, varint_field(1, 1767225000)));
  auto decoded = decode_protobuf_object(
      object("certificates.k8s.io/v1", "CertificateSigningRequest", meta + spec + bytes_field(3, condition)));
  ASSERT_TRUE(decoded);
  EXPECT_EQ((*decoded)["metadata"]["resourceVersion"], "42");
  EXPECT_EQ((*decoded)["metadata"]["creationTimestamp"], "2025-12-31T23:50:00Z");
  EXPECT_EQ((*decoded)["spec"]["request"], "UEVN");
  EXPECT_EQ((*decoded)["spec"]["groups"], json({"system:authenticated"}));
  EXPECT_EQ((*decoded)["status"]["conditions"],
            json::parse(R"([{"type":"Approved","reason":"KubectlApprove","message":"approved",
                             "lastUpdateTime":"2026-01-01T00:00:00Z","status":"True"}])"));
}

TEST(ProtobufBody, NotProtobufTruncatedOrUnknownKindIsNotRead) {
  EXPECT_FALSE(decode_protobuf_object("{}"));
  EXPECT_FALSE(decode_protobuf_object(object("v1", "Pod", metadata("p"))));
  auto whole = object("v1", "ConfigMap", metadata("c"));
  EXPECT_FALSE(decode_protobuf_object(whole.substr(0, whole.size() - 3)));
}

}  // namespace
}  // namespace ks::standin
