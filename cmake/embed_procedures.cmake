# Writes a C++ source holding each procedure pack's YAML text.
# Run with -DOUTPUT=file.cpp -DPACKS="a.yaml;b.yaml".
set(body "")
set(count 0)
string(REPLACE "|" ";" PACKS "${PACKS}")
foreach(pack IN LISTS PACKS)
  get_filename_component(id "${pack}" NAME_WE)
  file(READ "${pack}" text)
  string(FIND "${text}" ")scr_pack\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${pack} contains the raw-string delimiter )scr_pack\"")
  endif()
  string(APPEND body "    {\"${id}\", R\"scr_pack(${text})scr_pack\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  set(table "std::span<const builtin_pack> builtin_packs() noexcept { return {}; }")
else()
  set(table "namespace {
constexpr builtin_pack packs[] = {
${body}};
}  // namespace

std::span<const builtin_pack> builtin_packs() noexcept { return packs; }")
endif()
set(source "// Generated from libscr/procedures/*.yaml by cmake/embed_procedures.cmake.
#include \"builtin_procedures.hpp\"

namespace scr::detail {

${table}

}  // namespace scr::detail
")
file(WRITE "${OUTPUT}.tmp" "${source}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
