#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/base64.hpp"
#include "base/dns_name.hpp"
#include "base/duration.hpp"
#include "base/ip.hpp"
#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"

namespace ks {
namespace {

using namespace std::chrono_literals;

TEST(Cidr, ParsesAndComputesAddresses) {
  auto cidr = Cidr::parse("10.96.0.0/12").value();
  EXPECT_EQ(cidr.nth(1).value().str(), "10.96.0.1");
  EXPECT_EQ(cidr.nth(10).value().str(), "10.96.0.10");
  EXPECT_EQ(cidr.nth(256).value().str(), "10.96.1.0");
  auto v6 = Cidr::parse("fd00:10:96::/108").value();
  EXPECT_EQ(v6.nth(10).value().str(), "fd00:10:96::a");
  EXPECT_FALSE(Cidr::parse("10.0.0.0/30").value().nth(4));
}

TEST(Cidr, RejectsMalformedInputWithTheReason) {
  struct Case {
    std::string text, why;
  };
  for (const auto& c : std::vector<Case>{{"10.244.0.0", "expected a CIDR"},
                                         {"10.244.0.0/33", "prefix length must be 0..32"},
                                         {"10.244.1.0/16", "host bits set"},
                                         {"300.1.1.1/8", "expected a CIDR"},
                                         {"10.0.0.0/-1", "prefix length"},
                                         {"", "expected a CIDR"}}) {
    auto parsed = Cidr::parse(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().kind, ErrorKind::InvalidInput);
    EXPECT_NE(parsed.error().message().find(c.why), std::string::npos)
        << c.text << ": " << parsed.error().message();
  }
  EXPECT_EQ(Cidr::parse("10.244.1.0/16").error().fix, "use the network address 10.244.0.0/16");
}

TEST(Cidr, Overlaps) {
  auto pods = Cidr::parse("10.96.0.0/16").value();
  EXPECT_TRUE(pods.overlaps(Cidr::parse("10.96.0.0/12").value()));
  EXPECT_FALSE(Cidr::parse("10.244.0.0/16").value().overlaps(Cidr::parse("10.96.0.0/12").value()));
  EXPECT_FALSE(Cidr::parse("fd00::/64").value().overlaps(Cidr::parse("0.0.0.0/0").value()));
}

TEST(IpAddress, ParsesBothFamiliesAndMappedAddresses) {
  EXPECT_EQ(IpAddress::parse("::ffff:10.0.0.1").value().str(), "10.0.0.1");
  EXPECT_EQ(IpAddress::parse("fd00::1").value().url_host(), "[fd00::1]");
  EXPECT_TRUE(IpAddress::parse("0.0.0.0").value().is_unspecified());
  EXPECT_FALSE(IpAddress::parse("1.2.3"));
}

TEST(HostPort, ParsesEndpoints) {
  auto a = HostPort::parse("cp.example.com:6443").value();
  EXPECT_EQ(a.host, "cp.example.com");
  EXPECT_EQ(a.port, 6443);
  auto b = HostPort::parse("[fd00::1]:443").value();
  EXPECT_EQ(b.host, "fd00::1");
  EXPECT_EQ(b.port, 443);
  EXPECT_EQ(HostPort::parse("fd00::1").value().port, 0);
  EXPECT_FALSE(HostPort::parse("host:99999"));
  EXPECT_FALSE(HostPort::parse("host:"));
  EXPECT_FALSE(HostPort::parse(":6443"));
}

TEST(DnsName, FollowsRfc1123Subdomains) {
  for (auto good : {"cp1", "node-1.example.com", "a", "1abc"})
    EXPECT_TRUE(is_dns1123_subdomain(good)) << good;
  for (auto bad : {"", "Node1", "-a", "a-", "a..b", "a_b", "a."})
    EXPECT_FALSE(is_dns1123_subdomain(bad)) << bad;
  EXPECT_FALSE(is_dns1123_subdomain(std::string(254, 'a')));
  EXPECT_FALSE(is_dns1123_subdomain(std::string(64, 'a') + ".com"));
  EXPECT_TRUE(is_wildcard_dns1123_subdomain("*.example.com"));
  EXPECT_FALSE(is_wildcard_dns1123_subdomain("*example.com"));
}

TEST(GoDuration, ParsesAndFormatsLikeGo) {
  EXPECT_EQ(parse_go_duration("8760h0m0s").value(), 8760h);
  EXPECT_EQ(parse_go_duration("1h30m").value(), 90min);
  EXPECT_EQ(parse_go_duration("1.5h").value(), 90min);
  EXPECT_EQ(parse_go_duration("0").value(), 0s);
  EXPECT_EQ(parse_go_duration("250ms").value(), 250ms);
  EXPECT_FALSE(parse_go_duration("10 days"));
  EXPECT_FALSE(parse_go_duration("h"));
  EXPECT_EQ(format_go_duration(8760h), "8760h0m0s");
  EXPECT_EQ(format_go_duration(4min), "4m0s");
  EXPECT_EQ(format_go_duration(1500ms), "1.5s");
}

TEST(Base64, RoundTrips) {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)})
    EXPECT_EQ(base64_decode(base64_encode(s)).value(), s);
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(base64_decode("a$b="));
}

TEST(Yaml, WriterQuotesWhatWouldChangeTypeAndRoundTrips) {
  nlohmann::json value = {{"version", "1.32"},
                          {"flag", "true"},
                          {"empty", ""},
                          {"port", 6443},
                          {"on", "on"},
                          {"dash", "--a=b"},
                          {"colon", "a: b"},
                          {"hash", "a #b"},
                          {"star", "*"},
                          {"date", "2026-01-01"},
                          {"null", nullptr},
                          {"list", {1, "x", false}},
                          {"nested", {{"a", nlohmann::json::array()}, {"b", nlohmann::json::object()}}},
                          {"text", "line one\nline two\n"},
                          {"octal", "0755"}};
  auto text = to_yaml(value);
  EXPECT_NE(text.find("version: \"1.32\""), std::string::npos) << text;
  EXPECT_NE(text.find("dash: --a=b"), std::string::npos) << text;
  EXPECT_NE(text.find("text: |\n  line one\n  line two\n"), std::string::npos) << text;
  EXPECT_EQ(parse_yaml(text).value(), value);
}

TEST(Yaml, ReaderTypesPlainScalarsAndReportsPositions) {
  auto docs = parse_yaml_documents("a: 1\nb: \"1\"\nc: yes-no\n---\n---\nd: [1, 2]\n").value();
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0]["a"].is_number_integer());
  EXPECT_TRUE(docs[0]["b"].is_string());
  auto bad = parse_yaml("a: [1, 2\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().why.find("line"), std::string::npos);
}

}  // namespace
}  // namespace ks
