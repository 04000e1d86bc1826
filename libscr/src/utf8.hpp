#pragma once
// UTF-8 validation: definitions and everything recorded in a review must be
// UTF-8, so that every export (JSON, CSV, iCalendar, HTML) can carry it.

#include <cstddef>
#include <string>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scr::detail {

/// The byte offset of the first byte that is not part of valid UTF-8, if any.
/// Overlong forms, surrogates and values past U+10FFFF are refused.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07u;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::nullopt;
}

/// Calls f(code point, byte offset) for each code point of valid UTF-8.
template <class F>
void for_each_code_point(std::string_view s, F f) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    if (i + len > s.size()) len = s.size() - i;
    std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    f(cp, i);
    i += len;
  }
}

/// Characters that change how text around them is shown without being seen:
/// the bidirectional controls (an RLO makes "Child Q" read backwards) and the
/// invisible separators. Zero-width joiner and non-joiner are not among them:
/// Persian and Indic names need them.
/// Appends code point `cp` (at most U+10FFFF) as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

inline bool invisible_format(std::uint32_t cp) {
  return cp == 0x00AD || cp == 0x061C || cp == 0x180E || cp == 0x200B || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) ||
         cp == 0xFEFF;
}

/// "202E": a code point as Unicode writes it.
inline std::string code_point_hex(std::uint32_t cp) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (int shift = 20; shift >= 0; shift -= 4) {
    const auto d = (cp >> shift) & 0xFu;
    if (!out.empty() || d != 0 || shift < 16) out += digits[d];
  }
  return out;
}

/// Whether every byte is visible ASCII (a space to a tilde): most names and
/// texts, which then need no decoding.
inline bool visible_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) - 0x20u > 0x7Eu - 0x20u) return false;
  }
  return true;
}

/// The longest a name, reference or agency may be, in bytes.
inline constexpr std::size_t max_name_bytes = 200;
/// The longest a free text (a reason, a note, a data value) may be, in bytes.
inline constexpr std::size_t max_text_bytes = 64 * 1024;

/// What is wrong with a name, a reference, an agency or an identifier, if
/// anything: UTF-8 of at most 200 bytes, no control character at all (not
/// even a tab or a line break), no invisible format character.
inline std::optional<std::string> name_problem(std::string_view value) {
  if (value.size() > max_name_bytes) {
    return "is " + std::to_string(value.size()) + " bytes long; at most " + std::to_string(max_name_bytes);
  }
  if (visible_ascii(value)) return std::nullopt;
  if (const auto bad = first_invalid_utf8(value)) return "is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")";
  std::optional<std::string> out;
  for_each_code_point(value, [&](std::uint32_t cp, std::size_t at) {
    if (out) return;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      out = "contains a control character (U+" + code_point_hex(cp) + " at byte " + std::to_string(at + 1) +
            "); a name is one line of visible text";
    } else if (invisible_format(cp)) {
      out = "contains an invisible formatting character (U+" + code_point_hex(cp) + " at byte " +
            std::to_string(at + 1) + ") that could make it read as something else";
    }
  });
  return out;
}

/// What is wrong with a free text (a reason, a note, a data value), if
/// anything: UTF-8 of at most 64 KiB; tabs and line breaks (LF, or CR LF)
/// allowed, no other control character, no bidirectional override.
inline std::optional<std::string> free_text_problem(std::string_view value) {
  if (value.size() > max_text_bytes) {
    return "is " + std::to_string(value.size()) + " bytes long; at most " + std::to_string(max_text_bytes);
  }
  if (visible_ascii(value)) return std::nullopt;
  if (const auto bad = first_invalid_utf8(value)) return "is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")";
  std::optional<std::string> out;
  for_each_code_point(value, [&](std::uint32_t cp, std::size_t at) {
    if (out) return;
    const bool crlf = cp == '\r' && at + 1 < value.size() && value[at + 1] == '\n';
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && !crlf) || (cp >= 0x7F && cp <= 0x9F)) {
      out = "contains a control character (code " + std::to_string(cp) + " at byte " + std::to_string(at + 1) + ")";
    } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      out = "contains a bidirectional override (code " + std::to_string(cp) + " at byte " + std::to_string(at + 1) +
            ") that could make it read as something else";
    }
  });
  return out;
}

}  // namespace scr::detail
