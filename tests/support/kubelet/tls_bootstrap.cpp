#include "tests/support/kubelet/tls_bootstrap.hpp"

#include <openssl/pem.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/base64.hpp"
#include "certs/key.hpp"
#include "certs/openssl_ptr.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::standin {

namespace {

using X509ReqPtr = std::unique_ptr<X509_REQ, certs::Deleter<X509_REQ_free>>;

Result<std::string> certificate_request(EVP_PKEY* key, const std::string& node_name) {
  X509ReqPtr request(X509_REQ_new());
  auto* subject = X509_REQ_get_subject_name(request.get());
  auto add = [&](const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(subject, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  };
  add("O", "system:nodes");
  add("CN", "system:node:" + node_name);
  if (X509_REQ_set_pubkey(request.get(), key) != 1 || X509_REQ_sign(request.get(), key, EVP_sha256()) <= 0)
    return failure("signing the kubelet's CSR", certs::openssl_errors());
  certs::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), request.get());
  return certs::bio_contents(bio.get());
}

}  // namespace

Status tls_bootstrap(const host::Files& files, const std::string& node_name,
                     const KubeletCredentialPaths& paths) {
  auto bootstrap = KS_TRY(kube::parse_kubeconfig(KS_TRY(files.read(paths.bootstrap_kubeconfig))));
  auto key = KS_TRY(certs::generate_key(config::KeyAlgorithm::ECDSAP256));
  nlohmann::json csr = {{"apiVersion", "certificates.k8s.io/v1"},
                        {"kind", "CertificateSigningRequest"},
                        {"metadata", {{"generateName", "csr-"}}},
                        {"spec",
                         {{"request", base64_encode(KS_TRY(certificate_request(key.get(), node_name)))},
                          {"signerName", "kubernetes.io/kube-apiserver-client-kubelet"},
                          {"usages", {"digital signature", "client auth"}}}}};
  host::SystemClock clock;
  kube::ApiClient api(bootstrap, clock, {.timeout = std::chrono::seconds(10)});
  auto created = KS_TRY(api.create("/apis/certificates.k8s.io/v1/certificatesigningrequests", csr));
  auto path =
      "/apis/certificates.k8s.io/v1/certificatesigningrequests/" + created["metadata"].value("name", "");
  std::string certificate;
  // The kubelet watches its CSR; polling it is the same here.
  for (auto deadline = clock.monotonic() + std::chrono::minutes(5); certificate.empty();) {
    auto current = KS_TRY(api.get(path));
    certificate = base64_decode(current["status"].value("certificate", "")).value_or("");
    if (certificate.empty()) {
      if (clock.monotonic() > deadline)
        return failure("waiting for the kubelet's CSR " + path, "no certificate");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  const std::string& directory = paths.cert_dir;
  auto stamp = std::to_string(std::chrono::system_clock::to_time_t(clock.now()));
  auto file = directory + "/kubelet-client-" + stamp + ".pem";
  KS_CHECK(files.make_dirs(directory, 0755));
  KS_CHECK(files.write_atomic(file, certificate + KS_TRY(certs::private_key_pem(key.get())), 0600));
  auto current = files.resolve(directory + "/kubelet-client-current.pem");
  std::filesystem::remove(current);
  // As the real kubelet links it: to the node path, which resolves inside the node's root.
  std::filesystem::create_symlink(file, current);
  kube::Kubeconfig kubeconfig{bootstrap.cluster_name,
                              bootstrap.server,
                              bootstrap.ca_pem,
                              "default-auth",
                              "",
                              "",
                              "",
                              directory + "/kubelet-client-current.pem",
                              directory + "/kubelet-client-current.pem"};
  return files.write_atomic(paths.kubeconfig, kube::render_kubeconfig(kubeconfig), 0600);
}

}  // namespace ks::standin
