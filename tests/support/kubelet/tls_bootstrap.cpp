#include "tests/support/kubelet/tls_bootstrap.hpp"

#include <chrono>

#include "base/base64.hpp"
#include "certs/key.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"
#include "tests/support/kubelet/certificate_store.hpp"
#include "tests/support/kubelet/csr_client.hpp"

namespace ks::standin {

namespace {

// keyutil.LoadOrGenerateKeyFile: the key of an earlier attempt is reused, else a new ECDSA P-256 one.
Result<certs::PKeyPtr> load_or_generate_key(const host::Files& files, const std::string& path) {
  if (auto pem = files.read(path); pem && !pem->empty())
    if (auto key = certs::parse_private_key(*pem)) return key;
  auto key = KS_TRY(certs::generate_key(config::KeyAlgorithm::ECDSAP256));
  KS_CHECK(files.write_atomic(path, KS_TRY(certs::private_key_pem(key.get())), 0600));
  return key;
}

// writeKubeconfigFromBootstrapping, in the layout clientcmd.WriteToFile gives it.
std::string bootstrapped_kubeconfig(const kube::Kubeconfig& bootstrap, const std::string& pem_path) {
  return "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: " +
         base64_encode(bootstrap.ca_pem) + "\n    server: " + bootstrap.server +
         "\n  name: default-cluster\ncontexts:\n- context:\n    cluster: default-cluster\n"
         "    namespace: default\n    user: default-auth\n  name: default-context\n"
         "current-context: default-context\nkind: Config\npreferences: {}\nusers:\n- name: default-auth\n"
         "  user:\n    client-certificate: " +
         pem_path + "\n    client-key: " + pem_path + "\n";
}

}  // namespace

Status tls_bootstrap(const host::Files& files, const std::string& node_name,
                     const KubeletCredentialPaths& paths) {
  auto bootstrap = KS_TRY(kube::parse_kubeconfig(KS_TRY(files.read(paths.bootstrap_kubeconfig))));
  KS_CHECK(files.make_dirs(paths.cert_dir, 0755));
  auto key_path = paths.cert_dir + "/kubelet-client.key.tmp";
  auto key = KS_TRY(load_or_generate_key(files, key_path));
  ClientCertificateRequest request{
      "system:node:" + node_name, {"system:nodes"}, kubelet_client_usages(key.get())};
  auto name = KS_TRY(bootstrap_csr_name(key.get(), request));
  host::SystemClock clock;
  kube::ApiClient api(bootstrap, clock, {.timeout = std::chrono::seconds(30)});
  auto certificate = KS_TRY(request_client_certificate(api, key.get(), request, name));
  KS_TRY(store_client_certificate(files, paths.cert_dir, certificate,
                                  KS_TRY(certs::private_key_pem(key.get())), clock.now()));
  (void)files.remove(key_path);
  return files.write_atomic(
      paths.kubeconfig, bootstrapped_kubeconfig(bootstrap, current_client_certificate(paths.cert_dir)), 0600);
}

}  // namespace ks::standin
