#include "digest.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

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

}  // namespace

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
    throw error("SHA-256 failed");
  }
  return to_hex(md.data(), len);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  std::size_t len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(text.data()), text.size(), md.data(), md.size(),
                &len) == nullptr) {
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
