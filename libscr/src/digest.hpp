#pragma once
// SHA-256 (Nettle): the store's hash chain and the stable
// identifiers of exported calendar entries.

#include <optional>
#include <string>
#include <string_view>

namespace scr::detail {

/// The SHA-256 of `text`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view text);
/// The first `digits` (at most 64) lowercase hex digits of the SHA-256 of
/// `text`, appended to `out`.
void append_sha256_hex(std::string& out, std::string_view text, std::size_t digits);
/// The HMAC-SHA-256 of `text` under `key`, as 64 lowercase hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view text);
/// Bytes as lowercase hex digits, two a byte.
std::string to_hex(std::string_view bytes);
/// The bytes that lowercase hex digits stand for; nullopt if `hex` is of odd
/// length or holds anything else.
std::optional<std::string> from_hex(std::string_view hex);
/// `n` bytes from the operating system's random source, as 2n hex digits.
std::string random_hex(std::size_t n);

}  // namespace scr::detail
