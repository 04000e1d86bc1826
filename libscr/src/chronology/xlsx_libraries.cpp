// libzip and libxlsxwriter, loaded on first use (xlsx_libraries.hpp).

#include "xlsx_libraries.hpp"

#include <dlfcn.h>

#include <string>
#include <string_view>
#include <type_traits>

#include "scr/error.hpp"

// The libraries' file names (their SONAMEs), found at configure time from
// the libraries the build was configured with (libscr/CMakeLists.txt).
#ifndef SCR_LIBZIP_SONAME
#error "SCR_LIBZIP_SONAME is set by the build"
#endif
#ifndef SCR_XLSXWRITER_SONAME
#error "SCR_XLSXWRITER_SONAME is set by the build"
#endif

namespace scr::detail {

namespace {

// Debian's and Ubuntu's name for the package of a shared library:
// "libzip.so.4" is in libzip4.
std::string package_of(std::string_view soname) {
  const auto so = soname.find(".so.");
  if (so == std::string_view::npos) return std::string(soname);
  return std::string(soname.substr(0, so)) + std::string(soname.substr(so + 4));
}

// Opens `soname`, or throws naming it and the package that provides it.
void* open_library(const char* soname, const char* what) {
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

const libzip_api& libzip() {
  static const libzip_api api = [] {
    libzip_api a;
    const char* so = SCR_LIBZIP_SONAME;
    void* lib = open_library(so, "libzip, which reads XLSX workbooks,");
    load(lib, so, a.discard, "zip_discard");
    load(lib, so, a.error_code_zip, "zip_error_code_zip");
    load(lib, so, a.error_fini, "zip_error_fini");
    load(lib, so, a.error_init, "zip_error_init");
    load(lib, so, a.error_strerror, "zip_error_strerror");
    load(lib, so, a.fclose, "zip_fclose");
    load(lib, so, a.file_strerror, "zip_file_strerror");
    load(lib, so, a.fopen_index, "zip_fopen_index");
    load(lib, so, a.fread, "zip_fread");
    load(lib, so, a.get_num_entries, "zip_get_num_entries");
    load(lib, so, a.name_locate, "zip_name_locate");
    load(lib, so, a.open_from_source, "zip_open_from_source");
    load(lib, so, a.source_buffer_create, "zip_source_buffer_create");
    load(lib, so, a.source_free, "zip_source_free");
    load(lib, so, a.stat_index, "zip_stat_index");
    load(lib, so, a.strerror, "zip_strerror");
    return a;
  }();
  return api;
}

const xlsxwriter_api& xlsxwriter() {
  static const xlsxwriter_api api = [] {
    xlsxwriter_api a;
    const char* so = SCR_XLSXWRITER_SONAME;
    void* lib = open_library(so, "libxlsxwriter, which writes XLSX workbooks,");
    load(lib, so, a.format_set_bg_color, "format_set_bg_color");
    load(lib, so, a.format_set_bold, "format_set_bold");
    load(lib, so, a.format_set_bottom, "format_set_bottom");
    load(lib, so, a.format_set_num_format, "format_set_num_format");
    load(lib, so, a.format_set_pattern, "format_set_pattern");
    load(lib, so, a.format_set_text_wrap, "format_set_text_wrap");
    load(lib, so, a.strerror, "lxw_strerror");
    load(lib, so, a.workbook_free, "lxw_workbook_free");
    load(lib, so, a.workbook_add_format, "workbook_add_format");
    load(lib, so, a.workbook_add_worksheet, "workbook_add_worksheet");
    load(lib, so, a.workbook_close, "workbook_close");
    load(lib, so, a.workbook_new_opt, "workbook_new_opt");
    load(lib, so, a.worksheet_freeze_panes, "worksheet_freeze_panes");
    load(lib, so, a.worksheet_set_column, "worksheet_set_column");
    load(lib, so, a.worksheet_write_blank, "worksheet_write_blank");
    load(lib, so, a.worksheet_write_boolean, "worksheet_write_boolean");
    load(lib, so, a.worksheet_write_datetime, "worksheet_write_datetime");
    load(lib, so, a.worksheet_write_number, "worksheet_write_number");
    load(lib, so, a.worksheet_write_string, "worksheet_write_string");
    return a;
  }();
  return api;
}

}  // namespace scr::detail
