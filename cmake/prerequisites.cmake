# Every library libscr builds with, looked for before anything is compiled.
#
# Each is looked for quietly; if any is missing, configuring stops with one
# message that names every missing one, its Debian and Ubuntu package, and
# the one command that installs them all. Nothing is compiled first, so a
# machine without them learns it in seconds, not partway through the build.
#
# Included from the top-level CMakeLists.txt, after the options.

set(scr_missing_what "")
set(scr_missing_packages "")

# Records a missing prerequisite: what it is (as a reader would search for
# it) and the Debian/Ubuntu package that provides it ("-" if none does).
function(scr_missing what package)
  set(scr_missing_what ${scr_missing_what} "${what}" PARENT_SCOPE)
  set(scr_missing_packages ${scr_missing_packages} "${package}" PARENT_SCOPE)
endfunction()

# find_package(<name> <args>...) quietly; records `what`/`package` if it is
# not found.
macro(scr_find name what package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    scr_missing("${what}" "${package}")
  endif()
endmacro()

scr_find(Boost "Boost >= 1.71 (date_time, graph: headers)" "libboost-date-time-dev libboost-graph-dev" 1.71 CONFIG)
scr_find(nlohmann_json "nlohmann/json >= 3.10" nlohmann-json3-dev 3.10)
scr_find(yaml-cpp "yaml-cpp >= 0.6" libyaml-cpp-dev 0.6 CONFIG)
scr_find(SQLiteCpp "SQLiteC++ >= 3" libsqlitecpp-dev 3 CONFIG)
scr_find(SQLite3 "SQLite >= 3.35" libsqlite3-dev 3.35)
scr_find(PostgreSQL "libpq's header (PostgreSQL's client library)" libpq-dev)
scr_find(ICU "ICU >= 60 (uc, i18n)" libicu-dev 60 COMPONENTS uc i18n)

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  foreach(module IN ITEMS "NETTLE|nettle>=3.4|Nettle >= 3.4|nettle-dev"
                          "LIBZIP|libzip>=1.5|libzip >= 1.5|libzip-dev"
                          "EXPAT|expat>=2.2|expat >= 2.2|libexpat1-dev"
                          "XLSXWRITER|xlsxwriter|libxlsxwriter|libxlsxwriter-dev")
    string(REPLACE "|" ";" parts "${module}")
    list(GET parts 0 prefix)
    list(GET parts 1 spec)
    list(GET parts 2 what)
    list(GET parts 3 package)
    pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${spec})
    if(NOT ${prefix}_FOUND)
      scr_missing("${what}" "${package}")
    endif()
  endforeach()
else()
  scr_missing("pkg-config (and through it Nettle, libzip, expat, libxlsxwriter)"
              "pkg-config nettle-dev libzip-dev libexpat1-dev libxlsxwriter-dev")
endif()

if(SCR_BUILD_CLI OR SCR_BUILD_PYTHON)
  scr_find(CLI11 "CLI11 (the scr command's options)" libcli11-dev)
endif()
if(SCR_BUILD_PYTHON)
  scr_find(Python "Python >= 3.9 with its headers" python3-dev 3.9 COMPONENTS Interpreter Development.Module)
  scr_find(pybind11 "pybind11 >= 3.0 (from PyPI: pip install 'pybind11>=3.0')" - 3.0 CONFIG)
endif()
if(SCR_BUILD_TESTS)
  scr_find(GTest "GoogleTest and GoogleMock" "libgtest-dev libgmock-dev")
  scr_find(OpenSSL "OpenSSL's libcrypto (the tests check the hash chain with it)" libssl-dev 1.1 COMPONENTS Crypto)
endif()
if(SCR_BUILD_BENCH)
  scr_find(benchmark "Google Benchmark" libbenchmark-dev)
endif()

if(scr_missing_what)
  set(lines "")
  set(packages "")
  foreach(what package IN ZIP_LISTS scr_missing_what scr_missing_packages)
    if(NOT package STREQUAL "-")
      string(APPEND lines "\n  - ${what}: Debian/Ubuntu package ${package}")
      list(APPEND packages ${package})
    else()
      string(APPEND lines "\n  - ${what}")
    endif()
  endforeach()
  string(REPLACE ";" " " packages "${packages}")
  list(LENGTH scr_missing_what count)
  set(install "")
  if(packages)
    set(install "\nOn Debian or Ubuntu, install them all with (or run `make deps` in the source tree):\n  sudo apt-get install ${packages}\n")
  endif()
  message(FATAL_ERROR
    "libscr cannot be built: ${count} prerequisite(s) missing:${lines}\n${install}"
    "On other systems, install the same libraries from the system's packages "
    "(on Fedora mostly <name>-devel, e.g. yaml-cpp-devel) and point "
    "CMAKE_PREFIX_PATH (CMake packages) or PKG_CONFIG_PATH (pkg-config modules) "
    "at any outside the usual places. The README lists them all.")
endif()
