#pragma once
// SHA-256 (OpenSSL's libcrypto): the store's hash chain and the stable
// identifiers of exported calendar entries.

#include <string>
#include <string_view>

namespace scr::detail {

/// The SHA-256 of `text`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view text);

}  // namespace scr::detail
