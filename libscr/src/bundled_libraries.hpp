#pragma once
// The libraries a self-contained Python wheel carries for libscr (private).

namespace scr::detail {

/// In an installed wheel, the helper that links libzip, libxlsxwriter and
/// libpq as the wheel bundles them (libscr/_bundled.so, whose dependencies
/// auditwheel copies into the wheel): opened on the first call, and its
/// handle returned, through which dlsym finds their functions. nullptr
/// anywhere else, and always in a build without SCR_BUNDLE_LIBRARIES (a
/// source build opens the system's libraries by name).
void* bundled_libraries();

}  // namespace scr::detail
