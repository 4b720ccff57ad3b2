// kube-apiserver's rules as the control-plane stand-in applies them, in process: name and key validation
// (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go), the Invalid Status shape
// (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go NewInvalid), write options
// (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go), body decoding
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go), immutable fields
// (pkg/apis/core/validation/validation.go, pkg/apis/rbac/validation/validation.go) and Service IPs
// (pkg/registry/core/service/storage/alloc.go, pkg/registry/core/service/ipallocator).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/control_plane/body_decoding.hpp"
#include "tests/support/control_plane/name_rules.hpp"
#include "tests/support/control_plane/object_validation.hpp"
#include "tests/support/control_plane/patch_body.hpp"
#include "tests/support/control_plane/service_ips.hpp"

namespace ks::standin {
namespace {

using nlohmann::json;

const Resource& resource(const std::string& name) {
  for (const auto& each : resources())
    if (each.name == name) return each;
  throw std::logic_error("no resource " + name);
}

TEST(NameRules, MessagesAreKubernetesWords) {
  EXPECT_EQ(
      dns1123_subdomain_errors("Bad_Name"),
      std::vector<std::string>{
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
          "and "
          "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation "
          "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"});
  EXPECT_EQ(
      dns1035_label_errors("1abc"),
      std::vector<std::string>{
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
          "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
          "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"});
  EXPECT_EQ(dns1123_label_errors(std::string(64, 'a')),
            std::vector<std::string>{"must be no more than 63 characters"});
  EXPECT_TRUE(dns1123_subdomain_errors("kube-proxy.example").empty());
  EXPECT_EQ(qualified_name_errors("/x"), std::vector<std::string>{"prefix part must be non-empty"});
  EXPECT_EQ(qualified_name_errors("a/b/c").size(), 1u);
  EXPECT_EQ(
      qualified_name_errors("example.com/-x"),
      std::vector<std::string>{
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
          "an "
          "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
          "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"});
  EXPECT_TRUE(qualified_name_errors("node-role.kubernetes.io/control-plane").empty());
  EXPECT_TRUE(label_value_errors("").empty());
  EXPECT_EQ(label_value_errors("a b").size(), 1u);
  EXPECT_EQ(
      config_map_key_errors("a b"),
      std::vector<std::string>{"a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                               "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation "
                               "is '[-._a-zA-Z0-9]+')"});
  EXPECT_EQ(config_map_key_errors(".."), std::vector<std::string>{"must not be '..'"});
  EXPECT_EQ(path_segment_name_errors("a/b"), std::vector<std::string>{"may not contain '/'"});
  EXPECT_TRUE(path_segment_name_errors("system:node").empty());
}

TEST(Validation, AnInvalidObjectIsOne422WithACausePerField) {
  json config_map = {{"metadata", {{"name", "Bad"}, {"labels", {{"ok", "a b"}}}}}, {"data", {{"k y", "v"}}}};
  auto errors = validate_create(resource("configmaps"), config_map);
  ASSERT_EQ(errors.size(), 3u);
  auto reply = invalid_reply("", "ConfigMap", "Bad", errors);
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.body["reason"], "Invalid");
  auto message = reply.body["message"].get<std::string>();
  EXPECT_TRUE(
      message.starts_with("ConfigMap \"Bad\" is invalid: [metadata.name: Invalid value: \"Bad\": a lowercase "
                          "RFC 1123 subdomain"))
      << message;
  EXPECT_NE(message.find(", metadata.labels: Invalid value: \"a b\": a valid label must be"),
            std::string::npos);
  EXPECT_NE(message.find(", data[k y]: Invalid value: \"k y\": a valid config key"), std::string::npos);
  EXPECT_EQ(reply.body["details"]["causes"].size(), 3u);
  EXPECT_EQ(reply.body["details"]["causes"][0]["reason"], "FieldValueInvalid");
  EXPECT_EQ(reply.body["details"]["causes"][0]["field"], "metadata.name");
}

TEST(Validation, ServicesAreDns1035LabelsAndRbacNamesPathSegments) {
  auto service = validate_create(resource("services"),
                                 {{"metadata", {{"name", "1svc"}}}, {"spec", {{"ports", {{{"port", 80}}}}}}});
  ASSERT_EQ(service.size(), 1u);
  EXPECT_NE(service[0].text().find("a DNS-1035 label"), std::string::npos);
  EXPECT_TRUE(validate_create(resource("clusterroles"), {{"metadata", {{"name", "system:node"}}}}).empty());
}

TEST(Validation, OwnerReferencesNeedApiVersionKindNameAndUid) {
  json secret = {
      {"metadata", {{"name", "s"}, {"ownerReferences", {{{"apiVersion", "v1"}, {"kind", "Secret"}}}}}}};
  auto errors = validate_create(resource("secrets"), secret);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].text(), "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty");
  EXPECT_EQ(errors[1].text(), "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty");
}

TEST(Validation, ImmutableFieldsAreRefusedOnUpdate) {
  json old_secret = {
      {"metadata", {{"name", "s"}}}, {"type", "Opaque"}, {"immutable", true}, {"data", {{"a", "YQ=="}}}};
  json new_secret = {
      {"metadata", {{"name", "s"}}}, {"type", "kubernetes.io/basic-auth"}, {"data", {{"a", "Yg=="}}}};
  std::vector<std::string> texts;
  for (const auto& error : validate_update(resource("secrets"), new_secret, old_secret))
    texts.push_back(error.text());
  EXPECT_EQ(texts,
            (std::vector<std::string>{"type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable",
                                      "immutable: Forbidden: field is immutable when `immutable` is set",
                                      "data: Forbidden: field is immutable when `immutable` is set"}));
  json binding = {
      {"metadata", {{"name", "b"}}},
      {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", "view"}}}};
  auto changed = binding;
  changed["roleRef"]["name"] = "edit";
  auto errors = validate_update(resource("clusterrolebindings"), changed, binding);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(
      errors[0].text(),
      "roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", "
      "Name:\"edit\"}: cannot change roleRef");
}

TEST(Validation, SecretDefaultsFoldStringDataAndSetOpaque) {
  json secret = {{"metadata", {{"name", "s"}}}, {"stringData", {{"a", "b"}}}};
  apply_defaults(resource("secrets"), secret);
  EXPECT_EQ(secret, (json{{"metadata", {{"name", "s"}}}, {"type", "Opaque"}, {"data", {{"a", "Yg=="}}}}));
}

TEST(WriteOptions, UnsupportedValuesAre422OnTheOptionsKind) {
  auto bad = parse_write_options("CreateOptions", "Loud", {"Some"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, 422);
  EXPECT_EQ(
      bad.error().body["message"],
      "CreateOptions.meta.k8s.io \"\" is invalid: [fieldValidation: Unsupported value: \"Loud\": supported "
      "values: \"\", \"Ignore\", \"Strict\", \"Warn\", dryRun: Unsupported value: []string{\"Some\"}: "
      "supported "
      "values: \"All\"]");
  auto policy = parse_write_options("DeleteOptions", "", {}, "Later");
  ASSERT_FALSE(policy);
  EXPECT_EQ(
      policy.error().body["message"],
      "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Later\": supported "
      "values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
  auto good = parse_write_options("PatchOptions", "Strict", {"All"});
  ASSERT_TRUE(good);
  EXPECT_TRUE(good->dry_run);
  EXPECT_EQ(good->field_validation, WriteOptions::FieldValidation::Strict);
}

TEST(BodyDecoding, AnotherKindThanTheUrlsIsABadRequest) {
  json config_map = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}};
  auto decoded = decode_body(resource("secrets"), config_map, {});
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().status, 400);
  EXPECT_EQ(decoded.error().body["message"],
            "ConfigMap in version \"v1\" cannot be handled as a Secret: converting (v1.ConfigMap) to "
            "(core.Secret): "
            "unknown conversion");
  json unknown = {{"apiVersion", "v9"}, {"kind", "Secret"}};
  EXPECT_EQ(
      decode_body(resource("secrets"), unknown, {}).error().body["message"],
      "Secret in version \"v9\" cannot be handled as a Secret: no kind \"Secret\" is registered for version "
      "\"v9\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
}

TEST(BodyDecoding, UnknownAndDuplicateFieldsFollowFieldValidation) {
  auto text = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","name":"e"},
                  "spec":{"foo":1,"template":{"spec":{"containers":[{"name":"c","bar":true}]}}}})";
  WriteOptions strict{WriteOptions::FieldValidation::Strict, false, duplicate_fields(text)};
  auto body = json::parse(text);
  auto refused = decode_body(resource("deployments"), body, strict);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status, 400);
  EXPECT_EQ(refused.error().body["message"],
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
            "duplicate field "
            "\"metadata.name\", unknown field \"spec.foo\", unknown field "
            "\"spec.template.spec.containers[0].bar\"");
  auto warned_body = json::parse(text);
  auto warned = decode_body(resource("deployments"), warned_body, {});
  ASSERT_TRUE(warned);
  EXPECT_EQ(*warned, (std::vector<std::string>{"unknown field \"spec.foo\"",
                                               "unknown field \"spec.template.spec.containers[0].bar\""}));
  EXPECT_FALSE(warned_body["spec"].contains("foo"));
  EXPECT_FALSE(warned_body["spec"]["template"]["spec"]["containers"][0].contains("bar"));
  auto ignored_body = json::parse(text);
  auto ignored = decode_body(resource("deployments"), ignored_body, {WriteOptions::FieldValidation::Ignore});
  ASSERT_TRUE(ignored);
  EXPECT_TRUE(ignored->empty());
  EXPECT_FALSE(ignored_body["spec"].contains("foo"));
}

// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go: how each patch type refuses.
TEST(PatchBody, RefusalsHaveTheHandlersShapes) {
  json current = {
      {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}, {"data", {{"a", "1"}}}};
  auto failed_test = apply_patch(resource("configmaps"), current, "application/json-patch+json",
                                 json::parse(R"([{"op":"test","path":"/data/a","value":"2"}])"), {});
  ASSERT_FALSE(failed_test);
  EXPECT_EQ(failed_test.error().status, 422);
  EXPECT_EQ(failed_test.error().body["message"],
            "the server rejected our request due to an error in our request");
  auto not_a_list =
      apply_patch(resource("configmaps"), current, "application/json-patch+json", json::object(), {});
  EXPECT_EQ(not_a_list.error().body["message"],
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch");

  WriteOptions strict{WriteOptions::FieldValidation::Strict};
  auto unknown = apply_patch(resource("configmaps"), current, "application/strategic-merge-patch+json",
                             json::parse(R"({"foo":1})"), strict);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status, 422);
  EXPECT_EQ(
      unknown.error().body["message"],
      " \"\" is invalid: patch: Invalid value: \"map[foo:1]\": strict decoding error: unknown field \"foo\"");
  EXPECT_FALSE(unknown.error().body["details"].contains("kind"));
  auto warned = apply_patch(resource("configmaps"), current, "application/merge-patch+json",
                            json::parse(R"({"foo":1,"data":{"b":"2"}})"), {});
  ASSERT_TRUE(warned);
  EXPECT_EQ(warned->warnings, std::vector<std::string>{"unknown field \"foo\""});
  EXPECT_EQ(warned->object["data"], (json{{"a", "1"}, {"b", "2"}}));
}

TEST(ServiceIps, RequestedAddressesMustBeInTheRangeAndFree) {
  auto range = *Cidr::parse("10.96.0.0/12");
  json taken_ip = {{"metadata", {{"name", "a"}}}, {"spec", {{"clusterIP", "10.96.0.10"}}}};
  auto refused = allocate_cluster_ip(taken_ip, range, {"10.96.0.10"});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->body["message"],
            "Service \"a\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to "
            "allocate "
            "IP 10.96.0.10: provided IP is already allocated");
  json outside = {{"metadata", {{"name", "b"}}}, {"spec", {{"clusterIP", "10.200.0.1"}}}};
  EXPECT_EQ(
      allocate_cluster_ip(outside, range, {})->body["message"],
      "Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.200.0.1\"}: failed to "
      "allocate "
      "IP 10.200.0.1: the provided IP (10.200.0.1) is not in the valid range. The range of valid IPs is "
      "10.96.0.0/12");
  json fresh = {{"metadata", {{"name", "c"}}}, {"spec", json::object()}};
  EXPECT_FALSE(allocate_cluster_ip(fresh, range, {"10.96.0.1", "10.96.0.2"}));
  EXPECT_EQ(fresh["spec"]["clusterIP"], "10.96.0.3");
  EXPECT_EQ(fresh["spec"]["clusterIPs"], json::array({"10.96.0.3"}));
}

TEST(ServiceIps, AnUpdateKeepsTheAddressAndMayNotChangeIt) {
  json old = {{"metadata", {{"name", "s"}}},
              {"spec", {{"clusterIP", "10.96.0.3"}, {"clusterIPs", {"10.96.0.3"}}}}};
  json omitted = {{"metadata", {{"name", "s"}}}, {"spec", {{"ports", json::array()}}}};
  EXPECT_FALSE(keep_cluster_ip(omitted, old));
  EXPECT_EQ(omitted["spec"]["clusterIP"], "10.96.0.3");
  json changed = {{"metadata", {{"name", "s"}}},
                  {"spec", {{"clusterIP", "10.96.0.4"}, {"clusterIPs", {"10.96.0.3"}}}}};
  auto refused = keep_cluster_ip(changed, old);
  ASSERT_TRUE(refused);
  EXPECT_EQ(
      refused->body["message"],
      "Service \"s\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.4\"}: may not change "
      "once set");
}

}  // namespace
}  // namespace ks::standin
