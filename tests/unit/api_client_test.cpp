// The API client against a local HTTPS server that demands client certificates (cpp-httplib on loopback),
// with certificates made by kubestrap's own PKI code.
#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "host/unique_fd.hpp"
#include "kube/api_client.hpp"
#include "tests/support/test_host.hpp"

namespace ks::kube {
namespace {

struct Pair {
  std::string cert, key;
};

Pair issue(const std::string& cn, certs::Usage usage, X509* ca, EVP_PKEY* ca_key,
           std::vector<IpAddress> ips = {}) {
  auto now = std::chrono::system_clock::now();
  auto key = certs::generate_key(config::KeyAlgorithm::ECDSAP256).value();
  certs::CertificateRequest request{
      cn, {}, {}, ips, usage, now - std::chrono::minutes(1), now + std::chrono::hours(1), 42};
  auto cert = certs::issue_certificate(request, key.get(), ca, ca_key ? ca_key : key.get()).value();
  return {certs::certificate_pem(cert.get()).value(), certs::private_key_pem(key.get()).value()};
}

class ApiServer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto now = std::chrono::system_clock::now();
    ca_key_ = certs::generate_key(config::KeyAlgorithm::ECDSAP256).value();
    certs::CertificateRequest ca{"test-ca",
                                 {},
                                 {"test-ca"},
                                 {},
                                 certs::Usage::CA,
                                 now - std::chrono::minutes(1),
                                 now + std::chrono::hours(1),
                                 1};
    ca_ = certs::issue_certificate(ca, ca_key_.get(), nullptr, ca_key_.get()).value();
    ca_pem_ = certs::certificate_pem(ca_.get()).value();
    auto server = issue("server", certs::Usage::Server, ca_.get(), ca_key_.get(),
                        {IpAddress::parse("127.0.0.1").value()});
    client_ = issue("kubernetes-admin", certs::Usage::Client, ca_.get(), ca_key_.get());
    host::RootFiles files(dir_.path());
    files.write_atomic("/ca.crt", ca_pem_, 0644).value();
    files.write_atomic("/server.crt", server.cert, 0644).value();
    files.write_atomic("/server.key", server.key, 0600).value();
    server_ = std::make_unique<httplib::SSLServer>((dir_.path() + "/server.crt").c_str(),
                                                   (dir_.path() + "/server.key").c_str(),
                                                   (dir_.path() + "/ca.crt").c_str());
    server_->Get("/version", [](const auto&, auto& res) {
      res.set_content(R"({"major":"1","minor":"32"})", "application/json");
    });
    server_->Post("/api/v1/namespaces/kube-system/configmaps", [this](const auto& req, auto& res) {
      if (created_++ == 0) {
        res.status = 201;
        res.set_content(req.body, "application/json");
      } else {
        res.status = 409;
        res.set_content(
            R"({"kind":"Status","reason":"AlreadyExists","message":"configmaps \"c\" already exists","code":409})",
            "application/json");
      }
    });
    server_->Put("/api/v1/namespaces/kube-system/configmaps/c", [this](const auto& req, auto& res) {
      ++replaced_;
      res.set_content(req.body, "application/json");
    });
    server_->Get("/flaky", [this](const auto&, auto& res) {
      if (flaky_++ < 2)
        res.status = 500;
      else
        res.set_content("{}", "application/json");
    });
    server_->Get("/throttled", [this](const auto&, auto& res) {
      if (throttled_++ == 0) {
        res.status = 429;
        res.set_header("Retry-After", "2");
      } else {
        res.set_content("{}", "application/json");
      }
    });
    // What a hostile server may send: an endless answer, and JSON nested far deeper than any object.
    server_->Get("/huge", [](const auto&, auto& res) {
      res.set_content(std::string(2u << 20, ' '), "application/json");
    });
    server_->Get("/deep", [](const auto&, auto& res) {
      res.set_content(std::string(5000, '[') + std::string(5000, ']'), "application/json");
    });
    server_->Get("/secret", [](const auto&, auto& res) {
      res.status = 403;
      res.set_content(
          R"({"kind":"Status","reason":"Forbidden","message":"secrets is forbidden: User \"x\" cannot list","code":403})",
          "application/json");
    });
    // A watch: events arrive as JSON lines, split across chunks as a real server may send them.
    server_->Get("/api/v1/namespaces/kube-system/configmaps", [this](const auto& req, auto& res) {
      watch_query_ = req.get_param_value("watch");
      res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
        std::string events = R"({"type":"ADDED","object":{"metadata":{"name":"a"}}})"
                             "\n"
                             R"({"type":"MODIFIED","object":{"metadata":{"name":"b"}}})"
                             "\n"
                             R"({"type":"DELETED","object":{"metadata":{"name":"c"}}})"
                             "\n";
        for (size_t at = 0; at < events.size(); at += 7)
          sink.write(events.data() + at, std::min<size_t>(7, events.size() - at));
        sink.done();
        return true;
      });
    });
    server_->Get("/api/v1/namespaces/kube-system/secrets", [](const auto&, auto& res) {
      res.status = 403;
      res.set_content(R"({"kind":"Status","reason":"Forbidden","message":"secrets is forbidden","code":403})",
                      "application/json");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    // The socket listens already; connections wait in its backlog until the loop accepts them.
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }
  Kubeconfig kubeconfig(bool with_client_cert = true) {
    Kubeconfig k{"kubernetes", "https://127.0.0.1:" + std::to_string(port_), ca_pem_, "kubernetes-admin"};
    if (with_client_cert) {
      k.client_certificate_pem = client_.cert;
      k.client_key_pem = client_.key;
    }
    return k;
  }

  testing::TempDir dir_;
  certs::PKeyPtr ca_key_;
  certs::X509Ptr ca_;
  std::string ca_pem_;
  Pair client_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> created_ = 0, replaced_ = 0, flaky_ = 0, throttled_ = 0;
  std::string watch_query_;
  host::FakeClock clock_{std::chrono::system_clock::now()};
};

TEST_F(ApiServer, TalksMutualTlsWithTheKubeconfigsEmbeddedCertificates) {
  ApiClient client(kubeconfig(), clock_);
  auto version = client.get("/version");
  ASSERT_TRUE(version) << version.error().message();
  EXPECT_EQ((*version)["minor"], "32");
}

TEST_F(ApiServer, WithoutAClientCertificateThisServerRefuses) {
  ApiClient client(kubeconfig(false), clock_, {.timeout = std::chrono::seconds(2)});
  auto version = client.get("/version");
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().what.find("GET https://127.0.0.1:"), std::string::npos)
      << version.error().message();
}

TEST_F(ApiServer, AServerSignedByAnotherCaIsNotTrusted) {
  auto other = kubeconfig();
  auto now = std::chrono::system_clock::now();
  auto key = certs::generate_key(config::KeyAlgorithm::ECDSAP256).value();
  certs::CertificateRequest ca{"other-ca", {}, {}, {}, certs::Usage::CA, now, now + std::chrono::hours(1), 2};
  other.ca_pem =
      certs::certificate_pem(certs::issue_certificate(ca, key.get(), nullptr, key.get()).value().get())
          .value();
  ApiClient client(other, clock_);
  auto version = client.get("/version");
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().why.find("certificate"), std::string::npos) << version.error().why;
}

TEST_F(ApiServer, CreateOrUpdateReplacesWhatExists) {
  ApiClient client(kubeconfig(), clock_);
  nlohmann::json cm = {{"apiVersion", "v1"},
                       {"kind", "ConfigMap"},
                       {"metadata", {{"name", "c"}, {"namespace", "kube-system"}}}};
  ASSERT_TRUE(client.create_or_update("/api/v1/namespaces/kube-system/configmaps", cm));
  EXPECT_EQ(replaced_, 0);
  ASSERT_TRUE(client.create_or_update("/api/v1/namespaces/kube-system/configmaps", cm));
  EXPECT_EQ(replaced_, 1);
  auto again = client.create("/api/v1/namespaces/kube-system/configmaps", cm);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().why.find("already exists (AlreadyExists, 409)"), std::string::npos)
      << again.error().why;
}

TEST_F(ApiServer, RetriesServerErrorsWithBackoffAndHonoursRetryAfter) {
  ApiClient client(kubeconfig(), clock_);
  ASSERT_TRUE(client.get("/flaky"));
  EXPECT_EQ(flaky_, 3);
  using std::chrono::milliseconds;
  EXPECT_EQ(clock_.slept, (std::vector<std::chrono::nanoseconds>{milliseconds(500), milliseconds(1000)}));
  clock_.slept.clear();
  ASSERT_TRUE(client.get("/throttled"));
  EXPECT_EQ(clock_.slept, (std::vector<std::chrono::nanoseconds>{std::chrono::seconds(2)}));
}

TEST_F(ApiServer, ForbiddenIsReportedWithTheStatusMessageAndAFix) {
  ApiClient client(kubeconfig(), clock_);
  auto secrets = client.get("/secret");
  ASSERT_FALSE(secrets);
  EXPECT_EQ(secrets.error().message(),
            "GET /secret: secrets is forbidden: User \"x\" cannot list (Forbidden, 403)");
  EXPECT_NE(secrets.error().fix.find("RBAC"), std::string::npos);
  EXPECT_EQ(client.requests_sent(), 1);
}

TEST_F(ApiServer, AnswersAreBoundedInSizeAndDepth) {
  ApiClient client(kubeconfig(), clock_, {.max_response_bytes = 1u << 20});
  auto huge = client.request("GET", "/huge");
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.error().why.find("larger than 1024 KiB"), std::string::npos) << huge.error().why;
  auto deep = client.request("GET", "/deep");
  ASSERT_TRUE(deep);
  EXPECT_TRUE(deep->body.is_null());  // not a document kubestrap reads
}

TEST_F(ApiServer, WatchHandsOverEachEventAsItsLineCompletesAndStopsWhenTold) {
  ApiClient client(kubeconfig(), clock_);
  std::vector<std::string> seen;
  ASSERT_TRUE(client.watch("/api/v1/namespaces/kube-system/configmaps", [&](const WatchEvent& event) {
    seen.push_back(event.type + " " + event.object["metadata"]["name"].get<std::string>());
    return true;
  }));
  EXPECT_EQ(watch_query_, "true");
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED a", "MODIFIED b", "DELETED c"}));
  seen.clear();
  ASSERT_TRUE(client.watch("/api/v1/namespaces/kube-system/configmaps", [&](const WatchEvent& event) {
    seen.push_back(event.type);
    return event.type != "MODIFIED";  // found what it waited for
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED", "MODIFIED"}));
  ASSERT_TRUE(client.get("/version"));  // the abandoned stream does not spoil the next request
  auto refused =
      client.watch("/api/v1/namespaces/kube-system/secrets", [](const WatchEvent&) { return true; });
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().why.find("secrets is forbidden (Forbidden, 403)"), std::string::npos)
      << refused.error().why;
}

TEST(ApiClient, AnUnreachableServerIsRetriedUntilTheTimeout) {
  // A port nothing listens on: bind one without listening, read its number, close it.
  int port = 0;
  {
    host::UniqueFd fd(::socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
  }
  host::FakeClock clock(std::chrono::system_clock::now());
  ApiClient client({"kubernetes", "https://127.0.0.1:" + std::to_string(port), "", "u"}, clock,
                   {.timeout = std::chrono::seconds(10)});
  auto result = client.get("/version");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().why.find("gave up after"), std::string::npos) << result.error().why;
  EXPECT_GE(client.requests_sent(), 4);
  EXPECT_LE(clock.monotonic() - std::chrono::steady_clock::time_point{}, std::chrono::seconds(10));
}

}  // namespace
}  // namespace ks::kube
