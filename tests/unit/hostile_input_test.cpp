// Parsers of outside input return errors for hostile text: no exception, no wrap-around, no unbounded
// growth, and messages that name the problem without echoing control characters or megabytes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

#include "base/duration.hpp"
#include "base/image_reference.hpp"
#include "base/rfc3339.hpp"
#include "base/strings.hpp"
#include "base/utf8.hpp"
#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"
#include "config/decode.hpp"
#include "config/kubelet_configuration.hpp"
#include "config/text_rules.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;

bool mentions(const Error& error, std::string_view text) {
  return (error.message() + " " + error.fix).find(text) != std::string::npos;
}

TEST(Duration, FollowsGoIncludingOverflowAndBadForms) {
  EXPECT_EQ(parse_go_duration("2562047h47m16.854775807s").value(), std::chrono::nanoseconds(INT64_MAX));
  EXPECT_EQ(parse_go_duration("-2562047h47m16.854775808s").value(), std::chrono::nanoseconds(INT64_MIN));
  EXPECT_EQ(parse_go_duration("1.000000000000000000001s").value(), 1s);  // digits past int64 add nothing
  EXPECT_EQ(parse_go_duration(".5m").value(), 30s);
  EXPECT_EQ(parse_go_duration("-1h").value(), -1h);
  for (const auto* text : {".", "-", "+", "", "1", "1.h", ".h", "1hh", "1 h", "1h 2m", "h1", "1e3s", "--1h"})
    EXPECT_FALSE(parse_go_duration(text) && std::string_view(text) != "1.h") << text;
  auto huge = parse_go_duration("99999999999999999999h");
  ASSERT_FALSE(huge);
  EXPECT_TRUE(mentions(huge.error(), "out of range"));
  EXPECT_FALSE(parse_go_duration("2562048h"));
  EXPECT_FALSE(parse_go_duration(std::string(100000, '9') + "s"));
  EXPECT_EQ(format_go_duration(std::chrono::nanoseconds(INT64_MIN)), "-2562047h47m16.854775808s");
  EXPECT_EQ(format_go_duration(90min + 500ms), "1h30m0.5s");
  EXPECT_EQ(format_go_duration(1000001ns), "1.000001ms");  // exact, never 1e+00 or rounded
  EXPECT_EQ(format_go_duration(1500ns), "1.5µs");
  EXPECT_EQ(format_go_duration(-1ns), "-1ns");
  // Times are 64-bit nanoseconds: a year that does not fit is refused instead of wrapping.
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59Z"));
  EXPECT_TRUE(parse_rfc3339("2200-01-01T00:00:00Z"));
}

TEST(Printable, EscapesControlBytesAndCutsLongValues) {
  EXPECT_EQ(printable("a\nb\t\"c\"\x01"), "a\\nb\\t\"c\"\\x01");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(printable("half \xc3"), "half \\xc3");
  EXPECT_EQ(printable("\xc2\x85"), "\\u0085");
  auto long_value = quote(std::string(131000, 'a'));
  EXPECT_LT(long_value.size(), 200u);
  EXPECT_NE(long_value.find("(131000 bytes)"), std::string::npos);
  EXPECT_EQ(invalid_utf8_at("ok \xed\xa0\x80"), 3u);   // a surrogate
  EXPECT_EQ(invalid_utf8_at("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(invalid_utf8_at("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_FALSE(invalid_utf8_at("\xf0\x9f\x98\x80"));
}

TEST(Yaml, BoundsAliasExpansionAndNesting) {
  // "Billion laughs": nine levels of nine aliases each, 636 bytes that expand to 387 million nodes.
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    std::string previous(1, static_cast<char>(level - 1));
    bomb += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + previous;
    bomb += "]\n";
  }
  auto exploded = parse_yaml(bomb);
  ASSERT_FALSE(exploded);
  EXPECT_TRUE(mentions(exploded.error(), "more than 100000 nodes after alias expansion"))
      << exploded.error().message();
  auto deep = parse_yaml(std::string(100, '[') + std::string(100, ']'));
  ASSERT_FALSE(deep);
  EXPECT_TRUE(mentions(deep.error(), "nested deeper than 64 levels at line 1")) << deep.error().message();
  std::string nested;
  for (int i = 0; i < 7; ++i)
    nested += std::string(static_cast<size_t>(i) * 2, ' ') + "k" + std::to_string(i) + ":\n";
  auto shallow = parse_yaml(nested, nullptr, YamlLimits{4, 100});
  ASSERT_FALSE(shallow);
  EXPECT_TRUE(mentions(shallow.error(), "nested deeper than 4 levels at line 5"))
      << shallow.error().message();
  EXPECT_TRUE(parse_yaml(nested));
  // Brackets inside a plain scalar are text, however many.
  EXPECT_EQ(parse_yaml("user: u" + std::string(100, '{') + "\n").value()["user"],
            "u" + std::string(100, '{'));
}

TEST(Yaml, EndsOnTextYamlCppWouldLoopOn) {
  // yaml-cpp 0.7's LoadAll reports an empty document forever at a stray comma.
  for (const auto* text : {",,2", ",", "a: 1\n---\n,\n"}) {
    auto parsed = parse_yaml_documents(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_TRUE(mentions(parsed.error(), "unexpected text")) << parsed.error().message();
  }
  EXPECT_EQ(parse_yaml_documents("---\n---\na: 1\n---\n").value().size(), 1u);
}

TEST(Yaml, ReadsNumbersAsGoDoesWithoutThrowing) {
  auto doc =
      parse_yaml("big: 99999999999999999999\nhuge: 1e999\nport: 4294973739\nneg: -9223372036854775808\n")
          .value();
  EXPECT_TRUE(doc["big"].is_number_float());
  EXPECT_EQ(doc["huge"], "1e999");  // out of a float's range: a string, as Go's YAML reads it
  EXPECT_EQ(doc["port"], 4294973739LL);
  EXPECT_EQ(doc["neg"], INT64_MIN);
}

TEST(Yaml, RefusesBrokenTextAndWarnsAboutDuplicateKeys) {
  auto bad_utf8 = parse_yaml("a: 1\nb\xff: 2\n");
  ASSERT_FALSE(bad_utf8);
  EXPECT_TRUE(mentions(bad_utf8.error(), "line 2, column 2: not valid UTF-8"));
  auto control = parse_yaml("a: \x07\n");
  ASSERT_FALSE(control);
  EXPECT_TRUE(mentions(control.error(), "line 1, column 4: control character \"\\x07\""));
  EXPECT_TRUE(parse_yaml("a: \"tab\tand \\x07 escaped\"\r\n"));
  // YAML's \N and \_ escapes are U+0085 and U+00A0, in UTF-8.
  EXPECT_EQ(parse_yaml("a: \"x\\Ny\\_z\"\n").value()["a"], "x\xc2\x85y\xc2\xa0z");
  std::vector<std::string> warnings;
  auto doc =
      parse_yaml("networking:\n  podSubnet: 10.1.0.0/16\n  podSubnet: 10.2.0.0/16\n", &warnings).value();
  EXPECT_EQ(doc["networking"]["podSubnet"], "10.2.0.0/16");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "duplicate field \"podSubnet\" at lines 2 and 3 (the last value is used)");
  auto complex_key = parse_yaml("? [a, b]\n: c\n");
  ASSERT_FALSE(complex_key);
  EXPECT_TRUE(mentions(complex_key.error(), "a mapping key must be a plain value"));
}

TEST(YamlWriter, WritesControlCharactersEscapedEvenInMultiLineText) {
  auto text = to_yaml(nlohmann::json{{"a", "line one\nline\x01two\n"}, {"b", "plain\nlines\n"}});
  EXPECT_NE(text.find("a: \"line one\\nline\\u0001two\\n\""), std::string::npos) << text;
  EXPECT_NE(text.find("b: |\n"), std::string::npos) << text;
  // A top-level string that starts like a document marker is quoted, or it would end the document.
  EXPECT_EQ(parse_yaml(to_yaml("--- - plain")).value(), "--- - plain");
  // U+0085 and U+2028 would read back as line breaks if written raw.
  for (const auto* unsafe : {"b\xc2\x85"
                             "2",
                             "a\xe2\x80\xa8"
                             "b",
                             "x\xc2\x85\ny\n"})
    EXPECT_EQ(parse_yaml(to_yaml(nlohmann::json{{"a", unsafe}})).value()["a"], unsafe)
        << to_yaml(nlohmann::json{{"a", unsafe}});
  EXPECT_EQ(parse_yaml(text).value()["a"], "line one\nline\x01two\n");
}

TEST(ImageReference, FollowsTheDistributionGrammar) {
  for (const auto* good : {"registry.k8s.io", "k8s", "registry.example.com:5000/mirror/k8s", "localhost/k8s",
                           "10.0.0.5:5000/k8s", "[fd00::1]:5000/k8s", "my-registry.io/a__b/c.d/e-f"})
    EXPECT_EQ(image_repository_problem(good), "") << good;
  for (const auto* bad :
       {"", "Bad Repo!", "registry.k8s.io\nevil", "registry.k8s.io/Upper", "reg:port/x", "-registry.io/x",
        "registry.io/a//b", "registry.io/a-", "[zz::1]/x", "registry.io/"})
    EXPECT_NE(image_repository_problem(bad), "") << bad;
  EXPECT_EQ(image_tag_problem("v1.32.4"), "");
  EXPECT_EQ(image_tag_problem("3.5.16-0"), "");
  EXPECT_NE(image_tag_problem("-x"), "");
  EXPECT_NE(image_tag_problem("v1 "), "");
  EXPECT_NE(image_tag_problem(std::string(129, 'a')), "");
}

TEST(TextRules, SocketsEnvValuesAndTaints) {
  EXPECT_EQ(config::cri_socket_problem("unix:///run/containerd/containerd.sock"), "");
  EXPECT_EQ(config::cri_socket_problem("unix:///var/run/crio/crio.sock"), "");
  for (const auto* bad :
       {"unix:///run/containerd/containerd.sock\"\nLD_PRELOAD=/var/evil.so\n#", "unix://relative",
        "npipe:////./pipe/containerd-containerd", "unix:///run//x.sock", "unix:///run/../x.sock",
        "unix:///run/x sock", "tcp://10.0.0.1:1234", "unix:///run/$x"})
    EXPECT_NE(config::cri_socket_problem(bad), "") << bad;
  EXPECT_EQ(config::env_file_value_problem("--max-pods=110"), "");
  EXPECT_NE(config::env_file_value_problem("a\" LD_PRELOAD=x"), "");
  EXPECT_NE(config::env_file_value_problem("a\\"), "");
  EXPECT_NE(config::env_file_value_problem("a\nb"), "");
  EXPECT_EQ(config::taint_problem({"node-role.kubernetes.io/control-plane", "", "NoSchedule"}), "");
  EXPECT_NE(config::taint_problem({"bad key", "", "NoSchedule"}), "");
  EXPECT_NE(config::taint_problem({"k", "a\"b", "NoSchedule"}), "");
}

TEST(KubeletConfiguration, IsTypeCheckedAsTheKubeletDecodes) {
  std::vector<std::string> warnings;
  auto good = nlohmann::json::parse(
      R"({"cgroupDriver":"systemd","maxPods":110,"evictionHard":{"memory.available":"100Mi"},
    "authentication":{"anonymous":{"enabled":false},"webhook":{"cacheTTL":"2m0s"}},"shutdownGracePeriod":"30s",
    "logging":{"flushFrequency":5000000000,"verbosity":2,"options":{"json":{"infoBufferSize":"0"}}},
    "reservedMemory":[{"numaNode":0,"limits":{"memory":"1Gi"}}],"memoryThrottlingFactor":0.9,"futureField":1})");
  EXPECT_TRUE(config::check_kubelet_configuration(good, "document 2", warnings));
  EXPECT_EQ(warnings, std::vector<std::string>{"unknown field futureField (ignored by the kubelet)"});
  auto bad = nlohmann::json::parse(R"({"cgroupDriver":42,"maxPods":"many","authentication":"yes",
    "port":4294967296,"syncFrequency":"1 minute","logging":{"verbosity":-1},"reservedMemory":[{"numaNode":"0"}],
    "featureGates":{"X":"on"}})");
  auto checked = config::check_kubelet_configuration(bad, "document 2", warnings);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().kind, ErrorKind::InvalidInput);
  for (const auto* expected :
       {"cgroupDriver: expected a string, got 42",
        "maxPods: expected a 32-bit integer, got the string \"many\"",
        "authentication: expected a mapping, got the string \"yes\"",
        "port: expected a 32-bit integer, got 4294967296", "syncFrequency: expected a duration string",
        "logging.verbosity: expected an integer from 0",
        "reservedMemory[].numaNode: expected a 32-bit integer",
        "featureGates: expected a mapping of names to true/false"})
    EXPECT_TRUE(mentions(checked.error(), expected)) << expected << "\n" << checked.error().message();
  auto driver =
      config::check_kubelet_configuration(nlohmann::json{{"cgroupDriver", "systemdd"}}, "d", warnings);
  ASSERT_FALSE(driver);
  EXPECT_TRUE(mentions(driver.error(), "cgroupDriver: expected systemd or cgroupfs"));
}

TEST(Decode, RangeChecksIntegersAndRefusesNegativeDurations) {
  auto port = config::decode_init_config(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  bindPort: "
      "4294973739\n");
  ASSERT_FALSE(port);
  EXPECT_TRUE(
      mentions(port.error(), "localAPIEndpoint.bindPort: 4294973739 is out of range for a 32-bit integer"))
      << port.error().message();
  auto ttl = config::decode_init_config(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens:\n- ttl: -1h\n");
  ASSERT_FALSE(ttl);
  EXPECT_TRUE(mentions(ttl.error(), "bootstrapTokens[0].ttl: \"-1h\" is negative")) << ttl.error().message();
  // A float out of range is a string to Go's YAML, so kubeadm takes this name as the text "1e999".
  auto name = config::decode_init_config(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: 1e999\n");
  ASSERT_TRUE(name) << name.error().message();
  EXPECT_EQ(name->config.cluster.cluster_name, "1e999");
  auto duplicate = config::decode_init_config(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: "
      "10.1.0.0/16\n"
      "  podSubnet: 10.2.0.0/16\n");
  ASSERT_TRUE(duplicate);
  EXPECT_EQ(duplicate->config.cluster.networking.pod_subnet, "10.2.0.0/16");
  EXPECT_NE(std::ranges::find(duplicate->warnings,
                              "duplicate field \"podSubnet\" at lines 4 and 5 (the last value is used)"),
            duplicate->warnings.end());
  auto kubelet = config::decode_init_config(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\napiVersion: "
      "kubelet.config.k8s.io/v1beta1\n"
      "kind: KubeletConfiguration\nauthentication: \"yes\"\n");
  ASSERT_FALSE(kubelet);
  EXPECT_TRUE(mentions(kubelet.error(), "document 2: invalid KubeletConfiguration"))
      << kubelet.error().message();
}

}  // namespace
}  // namespace ks
