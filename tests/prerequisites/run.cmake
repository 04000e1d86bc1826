# A source build on a machine without libscr's prerequisites: configuring
# must stop within seconds, before anything is compiled, with one message
# naming every missing library, its Debian/Ubuntu package, and the one
# `apt-get install` command for them all.
#
# The machine's own libraries are hidden from CMake (CMAKE_DISABLE_FIND_PACKAGE_*
# for CMake packages, an empty PKG_CONFIG_LIBDIR for pkg-config modules).
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -P run.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(hidden "")
foreach(p Boost nlohmann_json yaml-cpp SQLiteCpp SQLite3 PostgreSQL ICU CLI11 GTest OpenSSL)
  list(APPEND hidden -DCMAKE_DISABLE_FIND_PACKAGE_${p}=ON)
endforeach()
string(TIMESTAMP started "%s")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_LIBDIR=${WORK_DIR}/none PKG_CONFIG_PATH=
          ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G ${GENERATOR} ${hidden}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(TIMESTAMP finished "%s")
math(EXPR seconds "${finished} - ${started}")
if(rc EQUAL 0)
  message(FATAL_ERROR "configuring without the prerequisites succeeded:\n${out}\n${err}")
endif()
if(seconds GREATER 30)
  message(FATAL_ERROR "configuring took ${seconds} s before stopping")
endif()
file(GLOB objects ${WORK_DIR}/libscr/CMakeFiles/scr.dir/*.o)
if(objects)
  message(FATAL_ERROR "something was compiled before the prerequisites were checked")
endif()
# What `make deps` installs for the build (scripts/deps.sh), each named.
file(READ ${SOURCE_DIR}/scripts/deps.sh deps)
string(REGEX REPLACE "[ \n\t]+" " " message "${err}")
foreach(package libboost-date-time-dev libboost-graph-dev nlohmann-json3-dev libyaml-cpp-dev libsqlitecpp-dev
                libsqlite3-dev libpq-dev libicu-dev nettle-dev libzip-dev libexpat1-dev libxlsxwriter-dev
                libcli11-dev libgtest-dev libgmock-dev libssl-dev)
  if(NOT deps MATCHES "[ (]${package}[ )\n]")
    message(FATAL_ERROR "${package} is named by the build but not installed by scripts/deps.sh")
  endif()
  if(NOT message MATCHES "sudo apt-get install [^\n]*${package}")
    message(FATAL_ERROR "the message does not give ${package} in its install command:\n${err}")
  endif()
endforeach()
foreach(what "Boost >= 1.71" "yaml-cpp >= 0.6" "SQLite >= 3.35" "ICU >= 60" "Nettle >= 3.4" "libzip >= 1.5"
             "expat >= 2.2" "libxlsxwriter" "CLI11" "GoogleTest" "libpq" "On other systems")
  string(FIND "${message}" "${what}" at)
  if(at LESS 0)
    message(FATAL_ERROR "the message does not name '${what}':\n${err}")
  endif()
endforeach()
message(STATUS "stopped in ${seconds} s naming every missing prerequisite")
