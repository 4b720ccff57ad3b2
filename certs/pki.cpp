#include "certs/pki.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/strings.hpp"
#include "certs/key.hpp"
#include "config/constants.hpp"
#include "config/derived.hpp"

namespace ks::certs {

namespace {

std::string describe_sans(const CertSpec& spec) {
  std::vector<std::string> ips;
  for (const auto& ip : spec.ips) ips.push_back(ip.str());
  return "DNS names [" + join(spec.dns_names, " ") + "] and IPs [" + join(ips, " ") + "]";
}

std::string remove_fix(const std::string& crt, const std::string& key) {
  return "if this node should get a new one, remove " + crt + " and " + key +
         " and run again (or run 'kubestrap reset' to start the node over)";
}

// An existing file that does not parse is node state kubestrap will not guess about: a conflict naming it.
template <class Parse>
auto read_existing(const host::Files& files, const std::string& file, std::string_view what, Parse parse)
    -> decltype(parse("")) {
  auto pem = KS_TRY(files.read(file, constants::kPemFileLimit));
  auto parsed = parse(pem);
  if (!parsed)
    return conflict(file + " is not " + std::string(what), parsed.error().message(),
                    "restore the file, or remove it (and its pair) to have a new one created");
  return parsed;
}

}  // namespace

Pki::Pki(const host::Host& host, const config::InitConfiguration& config, KeyPool& keys,
         workflow::Reporter& reporter)
    : host_(host),
      config_(config),
      keys_(keys),
      reporter_(reporter),
      issued_at_(host.clock.now()),
      not_before_(issued_at_ - constants::kCertificateBackdate) {}

std::string Pki::path(const std::string& base_name, const std::string& extension) const {
  return config_.cluster.certificates_dir + "/" + base_name + "." + extension;
}

bool Pki::external_ca() const {
  return host_.files.exists(path("ca", "crt")) && !host_.files.exists(path("ca", "key"));
}

Result<CertificateRequest> Pki::request_for(const CertSpec& spec) {
  CertificateRequest request{spec.common_name, spec.organizations, spec.dns_names, spec.ips, spec.usage};
  request.not_before = not_before_;
  auto validity = spec.usage == Usage::CA ? config_.cluster.ca_certificate_validity_period
                                          : config_.cluster.certificate_validity_period;
  // Back-dated NotBefore, NotAfter counted from now: kubeadm's NewSelfSignedCACert and NewSignedCert
  // (cmd/kubeadm/app/util/pkiutil/pki_helpers.go), so a certificate lives its whole validity from issue.
  request.not_after = issued_at_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(validity);
  // A serial in [1, 2^63 - 1), as kubeadm draws it.
  do {
    std::array<uint8_t, 8> bytes{};
    KS_CHECK(host_.random.fill(bytes));
    request.serial = 0;
    for (auto b : bytes) request.serial = (request.serial << 8) | b;
    request.serial &= 0x7fffffffffffffffULL;
  } while (request.serial == 0 || request.serial == 0x7fffffffffffffffULL);
  return request;
}

Result<PKeyPtr> Pki::existing_or_new_key(const std::string& base_name) {
  // A key left without its certificate (an interrupted run) is kept if it fits the configured algorithm.
  auto key_path = path(base_name, "key");
  if (host_.files.exists(key_path)) {
    auto key = KS_TRY(read_key(key_path));
    if (key_fits(key.get(), config::key_algorithm(config_))) return key;
    return conflict(key_path + " exists but is not a " +
                        std::string(config::algorithm_name(config::key_algorithm(config_))) + " private key",
                    "kubestrap will not overwrite it",
                    "remove " + key_path + " if it is not needed, then run again");
  }
  return keys_.take();
}

Result<X509Ptr> Pki::read_certificate(const std::string& file) {
  return read_existing(host_.files, file, "a PEM certificate", parse_certificate);
}

Result<PKeyPtr> Pki::read_public_key(const std::string& file) {
  return read_existing(host_.files, file, "a PEM public key", parse_public_key);
}

Result<PKeyPtr> Pki::read_key(const std::string& file) {
  auto key = KS_TRY(read_existing(host_.files, file, "a PEM private key", parse_private_key));
  // kubeadm never looks; a key others can read is a secret already shared, so say so and close it now.
  if (auto info = host_.files.stat(file); info && (info->mode & 077)) {
    reporter_.warning("certs", file + " was readable by other users (mode " +
                                   fmt::format("{:04o}", info->mode) +
                                   "); its mode is now 0600. Consider the key exposed if others had access");
    KS_CHECK(host_.files.set_mode(file, constants::kPrivateKeyMode));
  }
  return key;
}

Status Pki::write_pair(const std::string& base_name, X509* certificate, EVP_PKEY* key) {
  auto directory = path(base_name, "crt");
  directory.resize(directory.find_last_of('/'));
  KS_CHECK(host_.files.make_dirs(directory, 0755));
  KS_CHECK(host_.files.write_atomic(path(base_name, "key"), KS_TRY(private_key_pem(key)),
                                    constants::kPrivateKeyMode));
  KS_CHECK(host_.files.write_atomic(path(base_name, "crt"), KS_TRY(certificate_pem(certificate)),
                                    constants::kCertificateMode));
  return {};
}

Status Pki::ensure(const CertSpec& spec) {
  return spec.usage == Usage::CA ? ensure_ca(spec) : ensure_leaf(spec);
}

Status Pki::ensure_ca(const CertSpec& spec) {
  auto crt_path = path(spec.base_name, "crt"), key_path = path(spec.base_name, "key");
  if (host_.files.exists(crt_path)) {
    auto signer = KS_TRY(this->signer(spec.name));
    reporter_.line("certs", "Using the existing \"" + spec.name + "\" certificate authority" +
                                (signer->key ? "" : " (external CA: its key is not on this node)"));
    return {};
  }
  reporter_.line("certs", "Generating \"" + spec.name + "\" certificate and key");
  auto key = KS_TRY(existing_or_new_key(spec.base_name));
  auto request = KS_TRY(request_for(spec));
  auto certificate = KS_TRY(issue_certificate(request, key.get(), nullptr, key.get()));
  KS_CHECK(write_pair(spec.base_name, certificate.get(), key.get()));
  signers_[spec.name] = Signer{std::move(certificate), std::move(key)};
  return {};
}

Result<const Signer*> Pki::signer(const std::string& ca_name) {
  if (auto it = signers_.find(ca_name); it != signers_.end()) return &it->second;
  std::string base = ca_name == "etcd-ca" ? std::string(constants::kEtcdCACertAndKeyBaseName) : ca_name;
  auto crt_path = path(base, "crt"), key_path = path(base, "key");
  if (!host_.files.exists(crt_path))
    return failure("the " + ca_name + " certificate authority " + crt_path + " does not exist",
                   "it is created by the certs/" + ca_name + " phase",
                   "run 'kubestrap init phase certs " + ca_name + "' first");
  Signer signer;
  signer.certificate = KS_TRY(read_certificate(crt_path));
  if (!inspect(signer.certificate.get()).is_ca)
    return conflict(crt_path + " is not a CA certificate", "it cannot sign the cluster's certificates",
                    remove_fix(crt_path, key_path));
  if (host_.files.exists(key_path)) {
    signer.key = KS_TRY(read_key(key_path));
    if (!same_public_key(signer.key.get(), X509_get0_pubkey(signer.certificate.get())))
      return conflict(key_path + " does not belong to " + crt_path,
                      "the key and the certificate have different public keys",
                      remove_fix(crt_path, key_path));
  }
  if (inspect(signer.certificate.get()).not_after < host_.clock.now())
    return conflict("the certificate authority " + crt_path + " has expired",
                    "nothing it signs would be trusted", remove_fix(crt_path, key_path));
  return &(signers_[ca_name] = std::move(signer));
}

Status Pki::check_existing_leaf(const CertSpec& spec, X509* certificate, EVP_PKEY* key) {
  auto crt_path = path(spec.base_name, "crt"), key_path = path(spec.base_name, "key");
  auto fix = remove_fix(crt_path, key_path);
  if (!same_public_key(key, X509_get0_pubkey(certificate)))
    return conflict(key_path + " does not belong to " + crt_path,
                    "the key and the certificate have different public keys", fix);
  auto ca = KS_TRY(signer(spec.ca));
  if (auto verified = verify_issued_by(certificate, ca->certificate.get(), host_.clock.now()); !verified)
    return conflict("the existing " + crt_path + " is not usable",
                    verified.error().why + " (checked against the " + spec.ca + " CA)", fix);
  auto info = inspect(certificate);
  if (info.common_name != spec.common_name)
    return conflict("the existing " + crt_path + " is for " + quote(info.common_name),
                    "expected " + quote(spec.common_name), fix);
  std::vector<std::string> missing;
  for (const auto& dns : spec.dns_names)
    if (std::ranges::find(info.dns_names, dns) == info.dns_names.end()) missing.push_back(dns);
  for (const auto& ip : spec.ips)
    if (std::ranges::find(info.ips, ip) == info.ips.end()) missing.push_back(ip.str());
  if (!missing.empty())
    return conflict("the existing " + crt_path + " lacks the names " + join(missing, ", "),
                    "this configuration needs them for clients to trust the server", fix);
  return {};
}

Status Pki::ensure_leaf(const CertSpec& spec) {
  auto crt_path = path(spec.base_name, "crt"), key_path = path(spec.base_name, "key");
  if (host_.files.exists(crt_path) && host_.files.exists(key_path)) {
    auto certificate = KS_TRY(read_certificate(crt_path));
    auto key = KS_TRY(read_key(key_path));
    KS_CHECK(check_existing_leaf(spec, certificate.get(), key.get()));
    reporter_.line("certs", "Using the existing \"" + spec.name + "\" certificate and key");
    return {};
  }
  auto ca = KS_TRY(signer(spec.ca));
  if (!ca->key)
    return failure(
        crt_path + " is missing and the " + spec.ca + " CA key is not on this node (external CA mode)",
        "kubestrap cannot sign it",
        "create " + crt_path + " and " + key_path + " with your CA, then run again");
  reporter_.line("certs", "Generating \"" + spec.name + "\" certificate and key");
  if (spec.usage == Usage::Server || spec.usage == Usage::ServerAndClient)
    reporter_.line("certs", spec.name + " serving certificate is signed for " + describe_sans(spec));
  auto key = KS_TRY(existing_or_new_key(spec.base_name));
  auto request = KS_TRY(request_for(spec));
  auto certificate = KS_TRY(issue_certificate(request, key.get(), ca->certificate.get(), ca->key.get()));
  return write_pair(spec.base_name, certificate.get(), key.get());
}

Status Pki::ensure_service_account_keys() {
  auto key_path = path(std::string(constants::kServiceAccountKeyBaseName), "key"),
       pub_path = path(std::string(constants::kServiceAccountKeyBaseName), "pub");
  if (host_.files.exists(key_path)) {
    auto key = KS_TRY(read_key(key_path));
    if (host_.files.exists(pub_path)) {
      auto pub = KS_TRY(read_public_key(pub_path));
      if (!same_public_key(key.get(), pub.get()))
        return conflict(pub_path + " does not belong to " + key_path,
                        "tokens signed by one would not verify with the other",
                        "remove both files and run again to create a new pair");
      reporter_.line("certs", "Using the existing \"sa\" key");
      return {};
    }
    reporter_.line("certs", "Restoring \"sa.pub\" from the existing \"sa\" key");
    return host_.files.write_atomic(pub_path, KS_TRY(public_key_pem(key.get())), constants::kPrivateKeyMode);
  }
  reporter_.line("certs", "Generating \"sa\" key and public key");
  auto key = KS_TRY(keys_.take());
  KS_CHECK(host_.files.make_dirs(config_.cluster.certificates_dir, 0755));
  KS_CHECK(
      host_.files.write_atomic(key_path, KS_TRY(private_key_pem(key.get())), constants::kPrivateKeyMode));
  return host_.files.write_atomic(pub_path, KS_TRY(public_key_pem(key.get())), constants::kPrivateKeyMode);
}

Result<IssuedPair> Pki::issue_client(const std::string& common_name,
                                     const std::vector<std::string>& organizations) {
  auto ca = KS_TRY(signer("ca"));
  if (!ca->key)
    return failure("cannot sign a client certificate for " + common_name,
                   "the CA key is not on this node (external CA mode)",
                   "create the kubeconfig files with your CA, then run again");
  CertSpec spec{"", "", "ca", "", common_name, organizations, Usage::Client};
  auto request = KS_TRY(request_for(spec));
  auto key = KS_TRY(keys_.take());
  auto certificate = KS_TRY(issue_certificate(request, key.get(), ca->certificate.get(), ca->key.get()));
  return IssuedPair{std::move(certificate), std::move(key)};
}

}  // namespace ks::certs
