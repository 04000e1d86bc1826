# Renders every built-in pack's DOT diagram with Graphviz: the DOT that
# `scr procedures diagram ID --format dot` writes must be valid Graphviz.
#
#   cmake -DSCR=<path to scr> -DDOT=<path to dot> -DWORK=<scratch dir> -P procedure_diagrams_test.cmake

cmake_minimum_required(VERSION 3.21)
if(NOT EXISTS "${SCR}" OR NOT EXISTS "${DOT}")
  message(FATAL_ERROR "procedure_diagrams: pass -DSCR=<scr> and -DDOT=<Graphviz dot> (got '${SCR}', '${DOT}')")
endif()
file(MAKE_DIRECTORY "${WORK}")

execute_process(COMMAND "${SCR}" procedures list OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scr procedures list failed (${rc})")
endif()
string(REGEX MATCHALL "\n[a-z0-9-]+ " ids "${listing}")
list(LENGTH ids count)
if(count LESS 8)
  message(FATAL_ERROR "expected the 8 built-in packs, found ${count}:\n${listing}")
endif()

set(failures 0)
foreach(line IN LISTS ids)
  string(STRIP "${line}" id)
  execute_process(COMMAND "${SCR}" procedures diagram ${id} --format dot -o "${WORK}/${id}.dot" --force
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${id}: scr procedures diagram exited ${rc}")
    math(EXPR failures "${failures} + 1")
    continue()
  endif()
  execute_process(COMMAND "${DOT}" -Tsvg "${WORK}/${id}.dot" -o "${WORK}/${id}.svg"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT "${err}" STREQUAL "")
    message(SEND_ERROR "${id}: Graphviz rejected the diagram (exit ${rc}): ${err}")
    math(EXPR failures "${failures} + 1")
    continue()
  endif()
  file(READ "${WORK}/${id}.svg" svg)
  if(NOT svg MATCHES "<svg" OR NOT svg MATCHES "class=\"node\"")
    message(SEND_ERROR "${id}: the SVG has no nodes")
    math(EXPR failures "${failures} + 1")
  endif()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} diagram(s) failed")
endif()
message(STATUS "procedure_diagrams: ${count} packs rendered with Graphviz")
