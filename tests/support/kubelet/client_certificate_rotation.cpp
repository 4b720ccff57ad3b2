#include "tests/support/kubelet/client_certificate_rotation.hpp"

#include <chrono>

#include "certs/key.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "tests/support/kubelet/certificate_store.hpp"
#include "tests/support/kubelet/csr_client.hpp"

namespace ks::standin {

Status rotate_client_certificate(const host::Files& files, const std::string& node_name,
                                 const kube::Kubeconfig& current, const std::string& cert_dir) {
  auto key = KS_TRY(certs::generate_key(config::KeyAlgorithm::ECDSAP256));
  ClientCertificateRequest request{
      "system:node:" + node_name, {"system:nodes"}, kubelet_client_usages(key.get())};
  host::SystemClock clock;
  kube::ApiClient api(current, clock, {.timeout = std::chrono::seconds(30)});
  auto certificate = KS_TRY(request_client_certificate(api, key.get(), request, ""));
  KS_TRY(store_client_certificate(files, cert_dir, certificate, KS_TRY(certs::private_key_pem(key.get())),
                                  clock.now()));
  return {};
}

}  // namespace ks::standin
