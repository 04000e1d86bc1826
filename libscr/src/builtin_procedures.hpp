#pragma once
// The built-in procedure packs: libscr/procedures/*.yaml, compiled in by the
// build (cmake/embed_procedures.cmake writes builtin_procedures.cpp).

#include <span>
#include <string_view>

namespace scr::detail {

struct builtin_pack {
  std::string_view id;    // the file name without .yaml
  std::string_view yaml;  // the file's text
};

std::span<const builtin_pack> builtin_packs() noexcept;

}  // namespace scr::detail
