// Finding the wheel's bundled libraries (bundled_libraries.hpp).
//
// A wheel is built with the helper bindings/python/src/bundled.cpp beside
// the Python module: it links libzip, libxlsxwriter and libpq, so auditwheel
// copies them (and theirs) into the wheel and points the helper at them.
// The module and the `scr` command still load them only when first used:
// through the helper, found next to the module, or, for the command in
// the environment's bin/, in its site-packages. Only a wheel's build
// (SCR_BUNDLE_LIBRARIES) looks for it: a source build opens the system's
// libraries by name and never the helper of a wheel installed beside it.

#include "bundled_libraries.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace scr::detail {

#if SCR_BUNDLE_LIBRARIES
namespace {

namespace fs = std::filesystem;

constexpr const char* helper_name = "_bundled.so";

// Where the helper may be, from the directory of the object this code is in
// (the Python module, or the `scr` command).
std::vector<fs::path> candidates(const fs::path& dir) {
  std::vector<fs::path> out{dir / helper_name};
  // bin/scr with lib/pythonX.Y/{site,dist}-packages/libscr/ beside it: a
  // virtual environment, a user's or the system's installation.
  std::error_code ec;
  for (const char* lib : {"lib", "lib64", "local/lib"}) {
    const fs::path root = dir.parent_path() / lib;
    if (!fs::is_directory(root, ec)) continue;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("python3", 0) != 0) continue;
      for (const char* packages : {"site-packages", "dist-packages"}) out.push_back(entry.path() / packages / "libscr" / helper_name);
    }
  }
  return out;
}

void* open_helper() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&bundled_libraries), &info) == 0 || info.dli_fname == nullptr) return nullptr;
  std::error_code ec;
  fs::path self = info.dli_fname;
  // The main program is named as it was started; /proc/self/exe says where it is.
  if (!self.has_parent_path() || self.is_relative()) {
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) self = exe;
  }
  self = fs::weakly_canonical(self, ec);
  for (const auto& path : candidates(self.parent_path())) {
    if (!fs::is_regular_file(path, ec)) continue;
    if (void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) return handle;
  }
  return nullptr;
}

}  // namespace
#endif

void* bundled_libraries() {
#if SCR_BUNDLE_LIBRARIES
  static void* const handle = open_helper();
  return handle;
#else
  return nullptr;  // a source build: the system's libraries, by name
#endif
}

}  // namespace scr::detail
