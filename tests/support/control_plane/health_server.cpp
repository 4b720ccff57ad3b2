#include "tests/support/control_plane/health_server.hpp"

#include <httplib.h>

#include <chrono>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "tests/support/go_like_server.hpp"

namespace ks::standin {

Status serve_health(const std::string& component, const std::string& address, int port) {
  auto now = std::chrono::system_clock::now();
  auto key = KS_TRY(certs::generate_key(config::KeyAlgorithm::ECDSAP256));
  certs::CertificateRequest request{component + "@self-signed",
                                    {},
                                    {"localhost"},
                                    {KS_TRY(IpAddress::parse(address))},
                                    certs::Usage::CA,
                                    now - std::chrono::minutes(1),
                                    now + std::chrono::hours(24 * 365),
                                    1};
  auto cert = KS_TRY(certs::issue_certificate(request, key.get(), nullptr, key.get()));
  httplib::SSLServer https(cert.get(), key.get());
  testing::serve_like_go(https);
  for (const char* path : {"/healthz", "/livez", "/readyz"})
    https.Get(path, [](const httplib::Request&, httplib::Response& response) {
      response.set_content("ok", "text/plain");
    });
  if (!https.bind_to_port(address.c_str(), port))
    return failure(component + " listening on " + address + ":" + std::to_string(port), "address in use");
  https.listen_after_bind();
  return {};
}

}  // namespace ks::standin
