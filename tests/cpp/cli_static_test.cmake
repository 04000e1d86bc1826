# scr is linked against its libraries' static archives, so that a process
# starts without loading ICU, yaml-cpp, SQLite, Nettle or libstdc++
# (libscr/cli/CMakeLists.txt, docs/performance.md). A change to how it is
# linked can silently bring the shared ones back: this reads what the
# binary needs at run time and refuses them.
#   cmake -DSCR=path/to/scr -DREADELF=readelf -P cli_static_test.cmake
execute_process(COMMAND ${READELF} -d ${SCR} OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${READELF} -d ${SCR} failed (${rc})")
endif()
string(REGEX MATCHALL "Shared library: \\[[^]]*\\]" needed "${dynamic}")
if(NOT needed)
  message(FATAL_ERROR "${SCR} needs no shared library at all: not the binary this test expects")
endif()
foreach(lib IN LISTS needed)
  if(lib MATCHES "icu|yaml|sqlite|nettle|stdc\\+\\+|gcc_s")
    message(FATAL_ERROR "${SCR} loads ${lib} at run time: it should come from the static archive")
  endif()
endforeach()
message(STATUS "scr needs only: ${needed}")
