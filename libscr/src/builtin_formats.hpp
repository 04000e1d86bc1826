#pragma once
// The built-in chronology formats: libscr/chronology-formats/*.yaml, compiled
// in by the build (cmake/embed_procedures.cmake writes builtin_formats.cpp).

#include <span>

#include "builtin_procedures.hpp"

namespace scr::detail {

std::span<const builtin_pack> builtin_formats() noexcept;

}  // namespace scr::detail
