// libscr/_bundled.so, in the wheel only (`make wheel`): a helper that links
// libzip, libxlsxwriter and libpq, so that auditwheel copies them, and what
// they need, into the wheel. libscr opens it when a workbook or a PostgreSQL
// store is first used, and finds their functions through it
// (libscr/src/bundled_libraries.cpp); nothing is loaded at start-up.

#include <libpq-fe.h>
#include <xlsxwriter.h>
#include <zip.h>

// One function of each, so that each library is linked (and kept) for certain.
extern "C" __attribute__((visibility("default"))) void* const scr_bundled[] = {
    reinterpret_cast<void*>(&::zip_open_from_source),
    reinterpret_cast<void*>(&::workbook_new_opt),
    reinterpret_cast<void*>(&::PQconnectdb),
};
