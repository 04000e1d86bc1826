#include "digest.hpp"

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <fstream>

#if __has_include(<sys/random.h>)
#include <sys/random.h>
#endif

#include "scr/error.hpp"

// SHA-256 and HMAC-SHA-256 from Nettle: no library-wide initialisation (a
// process that hashes once, as every `scr` command, pays for the hash alone)
// and the processor's SHA instructions where it has them.

namespace scr::detail {

namespace {

// The first `digits` hex digits of the bytes, appended to `out`.
void append_hex(std::string& out, const std::uint8_t* bytes, std::size_t digits) {
  static constexpr char hex[] = "0123456789abcdef";
  for (std::size_t k = 0; k < digits; ++k) {
    const std::uint8_t b = bytes[k / 2];
    out.push_back(hex[k % 2 == 0 ? b >> 4 : b & 0xF]);
  }
}

std::string to_hex(const std::uint8_t* bytes, std::size_t len) {
  std::string out;
  out.reserve(2 * len);
  append_hex(out, bytes, 2 * len);
  return out;
}

const std::uint8_t* bytes_of(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

}  // namespace

std::string to_hex(std::string_view bytes) { return to_hex(bytes_of(bytes), bytes.size()); }

std::optional<std::string> from_hex(std::string_view hex) {
  const auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string sha256_hex(std::string_view text) {
  std::string out;
  out.reserve(2 * SHA256_DIGEST_SIZE);
  append_sha256_hex(out, text, 2 * SHA256_DIGEST_SIZE);
  return out;
}

void append_sha256_hex(std::string& out, std::string_view text, std::size_t digits) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, text.size(), bytes_of(text));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> md{};
  sha256_digest(&ctx, md.size(), md.data());
  append_hex(out, md.data(), std::min<std::size_t>(digits, 2 * md.size()));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view text) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key.size(), bytes_of(key));
  hmac_sha256_update(&ctx, text.size(), bytes_of(text));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> md{};
  hmac_sha256_digest(&ctx, md.size(), md.data());
  return to_hex(md.data(), md.size());
}

std::string random_hex(std::size_t n) {
  std::string bytes(n, '\0');
  std::size_t got = 0;
#if __has_include(<sys/random.h>)
  // The kernel's generator, waiting only until it is first seeded.
  while (got < n) {
    const ssize_t k = getrandom(bytes.data() + got, n - got, 0);
    if (k < 0) {
      if (errno == EINTR) continue;
      break;  // no getrandom: read the device below
    }
    got += static_cast<std::size_t>(k);
  }
#endif
  if (got < n) {
    std::ifstream device("/dev/urandom", std::ios::binary);
    device.read(bytes.data() + got, static_cast<std::streamsize>(n - got));
    if (!device || static_cast<std::size_t>(device.gcount()) != n - got) {
      throw error("the operating system gave no random bytes");
    }
  }
  return to_hex(bytes_of(bytes), n);
}

}  // namespace scr::detail
