#pragma once
// libzip (reading XLSX workbooks) and libxlsxwriter (writing them), loaded
// when a workbook is first read or written (private to the library). Both
// link OpenSSL's libcrypto, and loading the three at start-up cost every
// `scr` command, and every `import libscr`, about half a millisecond that
// only the commands with a workbook need (docs/performance.md).

#include <xlsxwriter.h>
#include <zip.h>

namespace scr::detail {

/// The libzip calls the reader makes.
struct libzip_api {
  decltype(&::zip_discard) discard = nullptr;
  decltype(&::zip_error_code_zip) error_code_zip = nullptr;
  decltype(&::zip_error_fini) error_fini = nullptr;
  decltype(&::zip_error_init) error_init = nullptr;
  decltype(&::zip_error_strerror) error_strerror = nullptr;
  decltype(&::zip_fclose) fclose = nullptr;
  decltype(&::zip_file_strerror) file_strerror = nullptr;
  decltype(&::zip_fopen_index) fopen_index = nullptr;
  decltype(&::zip_fread) fread = nullptr;
  decltype(&::zip_get_num_entries) get_num_entries = nullptr;
  decltype(&::zip_name_locate) name_locate = nullptr;
  decltype(&::zip_open_from_source) open_from_source = nullptr;
  decltype(&::zip_source_buffer_create) source_buffer_create = nullptr;
  decltype(&::zip_source_free) source_free = nullptr;
  decltype(&::zip_stat_index) stat_index = nullptr;
  decltype(&::zip_strerror) strerror = nullptr;
};

/// The libxlsxwriter calls the writer makes.
struct xlsxwriter_api {
  decltype(&::format_set_bg_color) format_set_bg_color = nullptr;
  decltype(&::format_set_bold) format_set_bold = nullptr;
  decltype(&::format_set_bottom) format_set_bottom = nullptr;
  decltype(&::format_set_num_format) format_set_num_format = nullptr;
  decltype(&::format_set_pattern) format_set_pattern = nullptr;
  decltype(&::format_set_text_wrap) format_set_text_wrap = nullptr;
  decltype(&::lxw_strerror) strerror = nullptr;
  decltype(&::lxw_workbook_free) workbook_free = nullptr;
  decltype(&::workbook_add_format) workbook_add_format = nullptr;
  decltype(&::workbook_add_worksheet) workbook_add_worksheet = nullptr;
  decltype(&::workbook_close) workbook_close = nullptr;
  decltype(&::workbook_new_opt) workbook_new_opt = nullptr;
  decltype(&::worksheet_freeze_panes) worksheet_freeze_panes = nullptr;
  decltype(&::worksheet_set_column) worksheet_set_column = nullptr;
  decltype(&::worksheet_write_blank) worksheet_write_blank = nullptr;
  decltype(&::worksheet_write_boolean) worksheet_write_boolean = nullptr;
  decltype(&::worksheet_write_datetime) worksheet_write_datetime = nullptr;
  decltype(&::worksheet_write_number) worksheet_write_number = nullptr;
  decltype(&::worksheet_write_string) worksheet_write_string = nullptr;
};

/// Loaded on the first call (thread-safe); scr::error naming the library
/// and the package that installs it if it cannot be.
const libzip_api& libzip();
const xlsxwriter_api& xlsxwriter();

}  // namespace scr::detail
