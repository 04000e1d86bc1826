#pragma once
// A procedure in a compact binary form, so that a store can load a definition
// it keeps without parsing its YAML again: yaml-cpp takes most of the ~5.6 ms
// that parsing a 35 KB pack costs.
//
// Decoding checks the form of the bytes, never the loader's rules (references,
// reachability, cycles): the bytes come from a definition that was checked
// when it was stored, and the store binds them to it. A procedure decoded from
// bytes that encode_procedure did not make may name states, events or
// milestones that it does not declare.
//
// The format, version 1:
//
//   "SCRP"        the magic, 4 bytes
//   u32           procedure_codec_version
//   ...           the procedure's fields, part by part, in the order
//                 procedure_codec.cpp lists them; nothing after the last
//
// Each field is written as
//
//   integer       little-endian, fixed width (u8, u16, u32; an int as the u32
//                 of its two's complement)
//   bool          u8, 0 or 1
//   enum          u8, one of its enumerators
//   string        u32 byte length, then the bytes
//   list          u32 count, then each item
//   optional      u8 0 (none), or 1 and then the value
//   predicate     its canonical text, as a string
//   timescale     amount (u32, at most max_timescale_amount), unit (enum)
//   date          year (u16), month (u8), day (u8), from min_date() to max_date()
//   time of day   hour (u8, to 23), minute (u8, to 59)
//   a part        its fields in order (a track: its machine, then its own)
//
// Every procedure has one encoding, and decoding accepts nothing else: when
// decode_procedure(b) gives a procedure, encoding it gives b again. Any change
// to the fields, their order or their form raises procedure_codec_version.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scr/procedure.hpp"

namespace scr::detail {

inline constexpr std::uint32_t procedure_codec_version = 5;  // 2: procedure.chronology; 3: reopened_by; 4: action_plan; 5: confidence, basis
inline constexpr std::string_view procedure_codec_magic = "SCRP";

// A friend of `procedure`, for its private fields.
struct procedure_codec {
  static std::string encode(const procedure& p);
  static std::optional<procedure> decode(std::string_view bytes);

  // The procedure's own fields, in their order in the format: one list for
  // the writer and the reader both, so that the two cannot drift apart.
  template <class Codec, class P>
  static void fields(Codec& c, P& p);
};

/// Every field of `p`, its positions, file name and warnings included.
/// Throws std::length_error for a string or list of 4 GiB or more.
std::string encode_procedure(const procedure& p);

/// The procedure `bytes` encode, or nullopt unless they are one complete
/// encoding of the current version. Malformed bytes never throw, and what is
/// allocated stays within a small multiple of the size of `bytes`.
std::optional<procedure> decode_procedure(std::string_view bytes);

}  // namespace scr::detail
