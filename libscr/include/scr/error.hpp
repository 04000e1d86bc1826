#pragma once
// -----------------------------------------------------------------------------
// scr/error.hpp: the exception hierarchy
// -----------------------------------------------------------------------------
//
// Every error libscr throws derives from `scr::error`, itself a
// `std::runtime_error`, so one `catch (const scr::error&)` catches them all.
// Pure arithmetic that cannot fail is `noexcept`; everything that takes input
// from a user (a date, a timescale, a file) checks it and throws.
//
//   scr::error                 anything libscr refuses
//   └── scr::input_error       the input itself is wrong: an impossible date,
//       │                      an unparseable timescale, an unknown division
//       └── scr::range_error   a well-formed date outside what libscr or the
//                              calendar in use can answer for
//
// Messages name the input and the rule broken, for example
//
//   invalid date '2024-02-30': February 2024 has 29 days
//
// Python sees `libscr.Error`, `libscr.InputError` (also a `ValueError`) and
// `libscr.RangeError`.

#include <stdexcept>
#include <string>

#include "scr/export.hpp"

namespace scr {

/// The root of every exception libscr throws.
class SCR_EXPORT error : public std::runtime_error {
 public:
  explicit error(const std::string& what);
};

/// The input is malformed or breaks a rule: the message quotes it.
class SCR_EXPORT input_error : public error {
 public:
  explicit input_error(const std::string& what);
};

/// A valid date that falls outside the supported range (1900-01-01 to
/// 2199-12-31), or outside the years whose holidays a calendar knows.
class SCR_EXPORT range_error : public input_error {
 public:
  explicit range_error(const std::string& what);
};

}  // namespace scr
