// A kubeconfig as kubestrap reads it (admin.conf, kubelet.conf, a discovery file): the current context's
// cluster, user and credentials. One that parses is written again the way kubestrap writes kubeconfigs,
// and that text must parse to the same values.
#include "kube/kubeconfig.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = ks::kube::parse_kubeconfig(ks::fuzz::as_text(data, size));
  if (!parsed) return 0;
  (void)parsed->context_name();
  auto again = ks::kube::parse_kubeconfig(ks::kube::render_kubeconfig(*parsed));
  ks::fuzz::require(again.has_value(), "a rendered kubeconfig parses");
  ks::fuzz::require(again->server == parsed->server && again->ca_pem == parsed->ca_pem &&
                        again->token == parsed->token &&
                        again->client_certificate_pem == parsed->client_certificate_pem &&
                        again->client_key_pem == parsed->client_key_pem,
                    "a rendered kubeconfig keeps its server and credentials");
  return 0;
}
