#pragma once
// Compact binary forms of what libscr derives and keeps (a review's folded
// state): little-endian fixed-width integers, strings as a u32 length and
// the bytes. A reader never reads past its bytes and never reserves more
// than the bytes left could hold; anything else throws `malformed`, which the
// decoder turns into "not usable" (the caller then rebuilds from the source).

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace scr::detail {

class malformed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class byte_writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { fixed(v); }
  void u64(std::uint64_t v) { fixed(v); }
  void i64(std::int64_t v) { fixed(static_cast<std::uint64_t>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  /// An unsigned integer in 7-bit groups, low first (1 byte below 128).
  void var(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  /// A signed difference, small either way in few bytes (zigzag, then var).
  void delta(std::int64_t d) {
    var((static_cast<std::uint64_t>(d) << 1) ^ static_cast<std::uint64_t>(d >> 63));
  }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  /// A count of items to follow.
  void count(std::size_t n) { u32(static_cast<std::uint32_t>(n)); }
  /// A count of items to follow, as `var` writes it: one byte below 128
  /// (most of a review's lists are empty or short).
  void short_count(std::size_t n) { var(n); }
  std::string take() { return std::move(out_); }

 private:
  template <class T>
  void fixed(T v) {
    char b[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    out_.append(b, sizeof(T));
  }
  std::string out_;
};

class byte_reader {
 public:
  explicit byte_reader(std::string_view bytes, std::size_t at = 0) : b_(bytes), at_(at) {
    if (at > bytes.size()) throw malformed("truncated");
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint32_t u32() { return fixed<std::uint32_t>(); }
  std::uint64_t u64() { return fixed<std::uint64_t>(); }
  std::int64_t i64() { return static_cast<std::int64_t>(fixed<std::uint64_t>()); }
  bool boolean() {
    const auto v = u8();
    if (v > 1) throw malformed("a flag is neither 0 nor 1");
    return v == 1;
  }
  std::uint64_t var() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto b = u8();
      if (shift == 63 && b > 1) throw malformed("a number is too large");
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift != 0) throw malformed("a number is not in its shortest form");
        return v;
      }
    }
    throw malformed("a number is too long");
  }
  std::int64_t delta() {
    const auto v = var();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  std::string str() { return std::string(view()); }
  /// A string, as a view of the bytes read.
  std::string_view view() {
    const auto n = u32();
    return take(n);
  }
  /// A count of items each at least `least` bytes long: never more than the
  /// bytes left could hold.
  std::size_t count(std::size_t least = 1) {
    const auto n = u32();
    if (least == 0) least = 1;
    if (n > left() / least) throw malformed("a count is larger than the bytes left");
    return n;
  }
  /// A count written by short_count, items each at least `least` bytes
  /// long: never more than the bytes left could hold.
  std::size_t short_count(std::size_t least = 1) {
    if (left() != 0 && static_cast<std::uint8_t>(b_[at_]) == 0) {  // the usual case: none
      ++at_;
      return 0;
    }
    const auto n = var();
    if (least == 0) least = 1;
    if (n > left() / least) throw malformed("a count is larger than the bytes left");
    return static_cast<std::size_t>(n);
  }
  /// An enumerator below `bound`.
  std::uint8_t below(std::uint8_t bound) {
    const auto v = u8();
    if (v >= bound) throw malformed("a kind is out of range");
    return v;
  }
  std::size_t left() const noexcept { return b_.size() - at_; }
  std::string_view bytes() const noexcept { return b_; }
  /// Where the next byte is read, from the start of the bytes.
  std::size_t position() const noexcept { return at_; }
  void finish() const {
    if (left() != 0) throw malformed("bytes follow the end");
  }

 private:
  std::string_view take(std::size_t n) {
    if (n > left()) throw malformed("truncated");
    const auto s = b_.substr(at_, n);
    at_ += n;
    return s;
  }
  template <class T>
  T fixed() {
    const auto s = take(sizeof(T));
    T v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, s.data(), sizeof(T));
    } else {
      for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(s[i])) << (8 * i);
    }
    return v;
  }
  std::string_view b_;
  std::size_t at_ = 0;
};

}  // namespace scr::detail
