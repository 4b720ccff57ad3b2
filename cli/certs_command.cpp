// kubestrap certs ca-hash: the --discovery-token-ca-cert-hash pin of the cluster CA, without the openssl
// pipeline people copy from blogs.
#include <nlohmann/json.hpp>

#include "certs/certificate.hpp"
#include "certs/pin.hpp"
#include "cli/command.hpp"
#include "config/constants.hpp"
#include "host/host.hpp"

namespace ks::cli {

namespace {

// The CA file is small; a larger one is not a CA certificate bundle.
constexpr host::ReadLimit kCaBundleLimit{1u << 20, "a CA certificate bundle"};

Status print_ca_hash(Context& context) {
  auto directory = context.flags.text("cert-dir").value_or(std::string(constants::kKubernetesDir) + "/pki");
  auto path = directory + "/ca.crt";
  auto pem = context.host.files.read(path, kCaBundleLimit);
  if (!pem)
    return failure("reading the cluster CA " + path, pem.error().why,
                   "run this on a control-plane node, or give --cert-dir");
  auto certificates = certs::parse_certificates(*pem);
  if (!certificates) return std::unexpected(std::move(certificates.error()).context(path));
  nlohmann::json pins = nlohmann::json::array();
  for (const auto& certificate : *certificates) {
    auto pin = certs::public_key_pin(certificate.get());
    pins.push_back(pin);
    context.text_result += pin + "\n";
  }
  context.result["caCertHashes"] = pins;
  return {};
}

}  // namespace

CommandGroup certs_group() {
  return {.path = "certs", .summary = "Inspect the cluster's certificates"};
}

CommandSpec certs_ca_hash_command() {
  return {
      .path = "certs ca-hash",
      .summary = "Print the sha256 pin of the cluster CA's public key (--discovery-token-ca-cert-hash)",
      .flags = {Flag::text("cert-dir", "DIR", "Where ca.crt is (default /etc/kubernetes/pki of the node)")},
      .run = print_ca_hash,
  };
}

}  // namespace ks::cli
