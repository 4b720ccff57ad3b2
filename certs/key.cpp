#include "certs/key.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace ks::certs {

namespace {

// An RSA key whose generation stops early once `cancel` is set: OpenSSL calls the callback during the
// prime search, and a 0 from it aborts. A failing run then exits without waiting out a 4096-bit search.
EVP_PKEY* cancellable_rsa(int bits, const std::atomic<bool>* cancel) {
  PKeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1)
    return nullptr;
  EVP_PKEY_CTX_set_app_data(ctx.get(), const_cast<std::atomic<bool>*>(cancel));
  EVP_PKEY_CTX_set_cb(ctx.get(), [](EVP_PKEY_CTX* c) {
    auto* flag = static_cast<const std::atomic<bool>*>(EVP_PKEY_CTX_get_app_data(c));
    return flag && flag->load(std::memory_order_relaxed) ? 0 : 1;
  });
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) return nullptr;
  return raw;
}

}  // namespace

Result<PKeyPtr> generate_key(config::KeyAlgorithm algorithm, const std::atomic<bool>* cancel) {
  EVP_PKEY* raw = nullptr;
  switch (algorithm) {
    case config::KeyAlgorithm::RSA2048:
      raw = cancel ? cancellable_rsa(2048, cancel) : EVP_RSA_gen(2048);
      break;
    case config::KeyAlgorithm::RSA3072:
      raw = cancel ? cancellable_rsa(3072, cancel) : EVP_RSA_gen(3072);
      break;
    case config::KeyAlgorithm::RSA4096:
      raw = cancel ? cancellable_rsa(4096, cancel) : EVP_RSA_gen(4096);
      break;
    case config::KeyAlgorithm::ECDSAP256:
      raw = EVP_EC_gen("P-256");
      break;
    case config::KeyAlgorithm::ECDSAP384:
      raw = EVP_EC_gen("P-384");
      break;
  }
  PKeyPtr key(raw);
  if (!key)
    return failure("generating a " + std::string(config::algorithm_name(algorithm)) + " key",
                   openssl_errors());
  return key;
}

Result<std::string> private_key_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return failure("encoding a private key", openssl_errors());
  return bio_contents(bio.get());
}

Result<std::string> public_key_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
    return failure("encoding a public key", openssl_errors());
  return bio_contents(bio.get());
}

Result<PKeyPtr> parse_private_key(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  // No passphrase: with a null callback OpenSSL would prompt on the terminal for an encrypted key and hang.
  auto no_passphrase = [](char*, int, int, void*) { return -1; };
  PKeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) return failure("parsing a private key", "not a PEM private key (" + openssl_errors() + ")");
  return key;
}

Result<PKeyPtr> parse_public_key(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PKeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return failure("parsing a public key", "not a PEM public key (" + openssl_errors() + ")");
  return key;
}

bool same_public_key(EVP_PKEY* a, EVP_PKEY* b) {
  return EVP_PKEY_eq(a, b) == 1;
}

bool key_fits(EVP_PKEY* key, config::KeyAlgorithm algorithm) {
  int bits = EVP_PKEY_get_bits(key);
  bool rsa = EVP_PKEY_is_a(key, "RSA"), ec = EVP_PKEY_is_a(key, "EC");
  switch (algorithm) {
    case config::KeyAlgorithm::RSA2048:
      return rsa && bits == 2048;
    case config::KeyAlgorithm::RSA3072:
      return rsa && bits == 3072;
    case config::KeyAlgorithm::RSA4096:
      return rsa && bits == 4096;
    case config::KeyAlgorithm::ECDSAP256:
      return ec && bits == 256;
    case config::KeyAlgorithm::ECDSAP384:
      return ec && bits == 384;
  }
  return false;
}

}  // namespace ks::certs
