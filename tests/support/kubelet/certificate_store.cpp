#include "tests/support/kubelet/certificate_store.hpp"

#include <ctime>
#include <filesystem>

namespace ks::standin {

std::string current_client_certificate(const std::string& cert_dir) {
  return cert_dir + "/kubelet-client-current.pem";
}

Result<std::string> store_client_certificate(const host::Files& files, const std::string& cert_dir,
                                             std::string_view certificate_pem, std::string_view key_pem,
                                             std::chrono::system_clock::time_point now) {
  auto seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d-%H-%M-%S", &local);
  auto file = cert_dir + "/kubelet-client-" + stamp + ".pem";
  KS_CHECK(files.make_dirs(cert_dir, 0755));
  KS_CHECK(files.write_atomic(file, std::string(certificate_pem) + std::string(key_pem), 0600));
  // The link holds the node path, as the kubelet writes it on its own machine; it resolves inside the
  // node's root when read through it.
  auto updated = files.resolve(cert_dir + "/kubelet-client-updated.pem");
  std::error_code error;
  std::filesystem::remove(updated, error);
  std::filesystem::create_symlink(file, updated, error);
  if (!error) std::filesystem::rename(updated, files.resolve(current_client_certificate(cert_dir)), error);
  if (error)
    return failure("linking " + current_client_certificate(cert_dir) + " to " + file, error.message());
  return file;
}

}  // namespace ks::standin
