# Installs the build tree into a staging prefix, then, as a C++ user would:
#   * configures the consumer project with find_package(libscr) and
#     -Werror=dev (no CMake warning from the installed package), builds and
#     runs it against the static library, then against the shared one;
#   * compiles the same program with `pkg-config --cflags --libs libscr`.
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DEXAMPLES_DIR=... -DWORK_DIR=... -DVERSION=...
#         -DGENERATOR=... -DCXX=... [-DCXX_FLAGS=...] -P run.cmake
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()

function(check_run program expected)
  execute_process(COMMAND ${program} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc OR NOT out MATCHES "${expected}")
    message(FATAL_ERROR "${program} gave '${out}${err}' (exit ${rc}); expected ${expected}")
  endif()
endfunction()

foreach(shared OFF ON)
  set(build ${WORK_DIR}/build-shared-${shared})
  execute_process(COMMAND ${CMAKE_COMMAND} -Werror=dev -S ${SOURCE_DIR} -B ${build} -G ${GENERATOR}
      -DCMAKE_PREFIX_PATH=${prefix} -DUSE_SHARED=${shared} -DEXAMPLES_DIR=${EXAMPLES_DIR}
      "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc OR err MATCHES "CMake (Warning|Deprecation)")
    message(FATAL_ERROR "configure (shared ${shared}) failed or warned:\n${out}\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${build}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "build (shared ${shared}) failed:\n${out}\n${err}")
  endif()
  # SCR_VERSION_STRING, from the installed header, is the project's version.
  check_run(${build}/consumer "^libscr ${VERSION}: 2022-06-10")
  check_run(${build}/chrono_deadlines "Panel by: +2022-06-10 Fri")
  # The shared build uses the installed libscr.so, not a copy of the archive.
  execute_process(COMMAND ldd ${build}/consumer OUTPUT_VARIABLE libs)
  string(FIND "${libs}" "${prefix}/" at)
  if(shared AND at LESS 0)
    message(FATAL_ERROR "the shared consumer does not load the installed libscr.so:\n${libs}")
  elseif(NOT shared AND NOT at LESS 0)
    message(FATAL_ERROR "the static consumer loads a library from the prefix:\n${libs}")
  endif()
  message(STATUS "find_package consumer, shared ${shared}: ran")
endforeach()

# pkg-config, shared: the flags it gives build and run the same program.
file(GLOB pc_dirs ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pc_dirs}
    pkg-config --cflags --libs libscr
  RESULT_VARIABLE rc OUTPUT_VARIABLE flags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(rc)
  message(FATAL_ERROR "pkg-config libscr failed: ${err}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(cxx_flags UNIX_COMMAND "${CXX_FLAGS}")
string(REGEX MATCH "-L([^ ;]+)" libdir "${flags}")
set(libdir ${CMAKE_MATCH_1})
execute_process(COMMAND ${CXX} -std=c++20 ${cxx_flags} ${SOURCE_DIR}/main.cpp -o ${WORK_DIR}/pc-consumer ${flags}
    -Wl,-rpath,${libdir}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "compiling with pkg-config's flags (${flags}) failed:\n${out}\n${err}")
endif()
check_run(${WORK_DIR}/pc-consumer "^libscr ${VERSION}: 2022-06-10")
message(STATUS "pkg-config consumer: ran")

# The shared library exports namespace scr and nothing else (libscr.map):
# no instance of a standard library or Boost template, no symbol of a
# library it links.
file(GLOB shared_libraries ${prefix}/lib*/libscr.so ${prefix}/lib/*/libscr.so)
execute_process(COMMAND ${NM} -D --defined-only -C ${shared_libraries}
  RESULT_VARIABLE rc OUTPUT_VARIABLE symbols ERROR_VARIABLE err)
if(rc OR NOT symbols)
  message(FATAL_ERROR "nm ${shared_libraries} failed: ${err}")
endif()
string(REPLACE "\n" ";" symbols "${symbols}")
set(exported 0)
foreach(line IN LISTS symbols)
  # "0000000000012345 T scr::calendar::due(...) const"
  if(NOT line MATCHES "^[0-9a-f]* [A-Za-z] (.*)$")
    continue()
  endif()
  set(name "${CMAKE_MATCH_1}")
  if(name STREQUAL "LIBSCR")
    continue()  # the version node
  endif()
  if(NOT name MATCHES "^((typeinfo|typeinfo name|vtable|VTT|guard variable) for )?scr::")
    message(FATAL_ERROR "libscr.so exports ${name}")
  endif()
  math(EXPR exported "${exported} + 1")
endforeach()
if(exported LESS 100)
  message(FATAL_ERROR "libscr.so exports only ${exported} symbols of namespace scr")
endif()
execute_process(COMMAND objdump -p ${shared_libraries} OUTPUT_VARIABLE dump)
if(NOT dump MATCHES "SONAME +libscr\\.so\\.${SONAME_VERSION}\n")
  message(FATAL_ERROR "libscr.so's SONAME is not libscr.so.${SONAME_VERSION}:\n${dump}")
endif()
message(STATUS "libscr.so exports ${exported} symbols, all of namespace scr; SONAME libscr.so.${SONAME_VERSION}")
