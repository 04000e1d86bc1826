#pragma once
// Shared by the store tests.

#include "scr/store.hpp"

/// Store options whose clock always says `t`: every write is dated then.
inline scr::store_options clock_at(scr::instant t) {
  scr::store_options o;
  o.clock = [t] { return t; };
  return o;
}
