// libzip and libxlsxwriter, loaded on first use (xlsx_libraries.hpp).

#include "xlsx_libraries.hpp"

#include <dlfcn.h>

#include <string>
#include <string_view>
#include <type_traits>

#include "scr/error.hpp"
#include "bundled_libraries.hpp"

// SCR_LOAD_ON_USE (the default, set by the build): the libraries are opened
// by their file names (their SONAMEs), found at configure time from the
// libraries the build was configured with (libscr/CMakeLists.txt). Otherwise
// they are linked, as in the Python wheel, whose repair bundles only the
// libraries it sees linked: the functions are then taken directly.
#if SCR_LOAD_ON_USE
#define SCR_BIND(field, symbol) load(lib, so, field, #symbol)
#ifndef SCR_LIBZIP_SONAME
#error "SCR_LIBZIP_SONAME is set by the build"
#endif
#ifndef SCR_XLSXWRITER_SONAME
#error "SCR_XLSXWRITER_SONAME is set by the build"
#endif
#else
#define SCR_BIND(field, symbol) field = &::symbol
#endif

namespace scr::detail {

#if SCR_LOAD_ON_USE
namespace {

// Debian's and Ubuntu's name for the package of a shared library:
// "libzip.so.4" is in libzip4.
std::string package_of(std::string_view soname) {
  const auto so = soname.find(".so.");
  if (so == std::string_view::npos) return std::string(soname);
  return std::string(soname.substr(0, so)) + std::string(soname.substr(so + 4));
}

// Opens `soname` (in a wheel, the helper through which its bundled copy is
// reached), or throws naming it and the package that provides it.
void* open_library(const char* soname, const char* what) {
  if (void* bundled = bundled_libraries()) return bundled;
  void* lib = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();
    throw error(std::string(what) + " cannot be loaded (" + (why != nullptr ? why : soname) +
                "): install it (Debian and Ubuntu: apt-get install " + package_of(soname) + ")");
  }
  return lib;
}

template <class F>
void load(void* lib, const char* soname, F& f, const char* name) {
  f = reinterpret_cast<F>(::dlsym(lib, name));  // NOLINT: dlsym's contract
  if (f == nullptr) {
    throw error(std::string(soname) + " has no " + name + ": it is not the version libscr was built with");
  }
}

}  // namespace
#endif

const libzip_api& libzip() {
  static const libzip_api api = [] {
    libzip_api a;
#if SCR_LOAD_ON_USE
    const char* so = SCR_LIBZIP_SONAME;
    void* lib = open_library(so, "libzip, which reads XLSX workbooks,");
#endif
    SCR_BIND(a.discard, zip_discard);
    SCR_BIND(a.error_code_zip, zip_error_code_zip);
    SCR_BIND(a.error_fini, zip_error_fini);
    SCR_BIND(a.error_init, zip_error_init);
    SCR_BIND(a.error_strerror, zip_error_strerror);
    SCR_BIND(a.fclose, zip_fclose);
    SCR_BIND(a.file_strerror, zip_file_strerror);
    SCR_BIND(a.fopen_index, zip_fopen_index);
    SCR_BIND(a.fread, zip_fread);
    SCR_BIND(a.get_num_entries, zip_get_num_entries);
    SCR_BIND(a.name_locate, zip_name_locate);
    SCR_BIND(a.open_from_source, zip_open_from_source);
    SCR_BIND(a.source_buffer_create, zip_source_buffer_create);
    SCR_BIND(a.source_free, zip_source_free);
    SCR_BIND(a.stat_index, zip_stat_index);
    SCR_BIND(a.strerror, zip_strerror);
    return a;
  }();
  return api;
}

const xlsxwriter_api& xlsxwriter() {
  static const xlsxwriter_api api = [] {
    xlsxwriter_api a;
#if SCR_LOAD_ON_USE
    const char* so = SCR_XLSXWRITER_SONAME;
    void* lib = open_library(so, "libxlsxwriter, which writes XLSX workbooks,");
#endif
    SCR_BIND(a.format_set_bg_color, format_set_bg_color);
    SCR_BIND(a.format_set_bold, format_set_bold);
    SCR_BIND(a.format_set_bottom, format_set_bottom);
    SCR_BIND(a.format_set_num_format, format_set_num_format);
    SCR_BIND(a.format_set_pattern, format_set_pattern);
    SCR_BIND(a.format_set_text_wrap, format_set_text_wrap);
    SCR_BIND(a.strerror, lxw_strerror);
    SCR_BIND(a.workbook_free, lxw_workbook_free);
    SCR_BIND(a.workbook_add_format, workbook_add_format);
    SCR_BIND(a.workbook_add_worksheet, workbook_add_worksheet);
    SCR_BIND(a.workbook_close, workbook_close);
    SCR_BIND(a.workbook_new_opt, workbook_new_opt);
    SCR_BIND(a.worksheet_freeze_panes, worksheet_freeze_panes);
    SCR_BIND(a.worksheet_set_column, worksheet_set_column);
    SCR_BIND(a.worksheet_write_blank, worksheet_write_blank);
    SCR_BIND(a.worksheet_write_boolean, worksheet_write_boolean);
    SCR_BIND(a.worksheet_write_datetime, worksheet_write_datetime);
    SCR_BIND(a.worksheet_write_number, worksheet_write_number);
    SCR_BIND(a.worksheet_write_string, worksheet_write_string);
    return a;
  }();
  return api;
}

}  // namespace scr::detail

#undef SCR_BIND
