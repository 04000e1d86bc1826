#include "digest.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

#include "scr/error.hpp"

namespace scr::detail {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t len) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (std::size_t i = 0; i < len; ++i) {
    out.push_back(hex[bytes[i] >> 4]);
    out.push_back(hex[bytes[i] & 0xF]);
  }
  return out;
}

// The algorithms, fetched from OpenSSL's default provider once per process
// (OpenSSL 3 looks an algorithm up by name on every call otherwise: a third
// of the time of hashing a short text). Kept for the life of the process.
const EVP_MD* sha256() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) throw error("SHA-256 is not available from OpenSSL");
  return md;
}

EVP_MAC* hmac() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) throw error("HMAC is not available from OpenSSL");
  return mac;
}

}  // namespace

std::string sha256_hex(std::string_view text) {
  // One context per thread, reset for each text: no allocation per hash.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1) {
    throw error("SHA-256 failed");
  }
  return to_hex(md.data(), len);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  std::size_t len = 0;
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(hmac()), &EVP_MAC_CTX_free);
  std::array<char, 7> digest_name{"SHA256"};
  const std::array<OSSL_PARAM, 2> params{OSSL_PARAM_construct_utf8_string("digest", digest_name.data(), 0),
                                         OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params.data()) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1 ||
      EVP_MAC_final(ctx.get(), md.data(), &len, md.size()) != 1) {
    throw error("HMAC-SHA-256 failed");
  }
  return to_hex(md.data(), len);
}

std::string random_hex(std::size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    throw error("the operating system gave no random bytes");
  }
  return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), n);
}

}  // namespace scr::detail
