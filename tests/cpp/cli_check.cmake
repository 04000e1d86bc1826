# check(): runs the real `scr` executable once and checks its exit code,
# stdout and stderr. Shared by cli_calendar_test.cmake and
# cli_procedures_test.cmake, which include it:
#
#   include("${CMAKE_CURRENT_LIST_DIR}/cli_check.cmake")
#
# The including script sets SCR (the executable) and `set(failures 0)` before
# the first check(); each failed check prints its problems with SEND_ERROR and
# adds one to `failures` in the caller's scope, for the script's final report.

include_guard(GLOBAL)

# check(NAME <name> ARGS <arg>... [RC <code>]
#       [STDOUT <exact text>] [STDOUT_CONTAINS <text>...] [STDOUT_LACKS <text>...]
#       [STDERR_CONTAINS <text>...] [STDERR_LACKS <text>...] [STDERR_EMPTY] [STDOUT_EMPTY]
#       [STDOUT_LINES <n>] [STDOUT_FILE <path>])
# RC defaults to 0. STDOUT is compared exactly (including the final newline).
# STDOUT_FILE writes what the command printed to a file, for a later command.
function(check)
  cmake_parse_arguments(PARSE_ARGV 0 C "STDERR_EMPTY;STDOUT_EMPTY"
    "NAME;RC;STDOUT;STDOUT_LINES;STDOUT_FILE" "ARGS;STDOUT_CONTAINS;STDOUT_LACKS;STDERR_CONTAINS;STDERR_LACKS")
  if(NOT DEFINED C_RC)
    set(C_RC 0)
  endif()
  execute_process(
    COMMAND "${SCR}" ${C_ARGS}
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    RESULT_VARIABLE rc
    TIMEOUT 60)
  set(problems "")
  if(NOT "${rc}" STREQUAL "${C_RC}")
    string(APPEND problems "\n  exit code ${rc}, expected ${C_RC}")
  endif()
  if(DEFINED C_STDOUT AND NOT "${out}" STREQUAL "${C_STDOUT}")
    string(APPEND problems "\n  stdout is not exactly '${C_STDOUT}'")
  endif()
  foreach(text IN LISTS C_STDOUT_CONTAINS)
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
      string(APPEND problems "\n  stdout lacks '${text}'")
    endif()
  endforeach()
  foreach(text IN LISTS C_STDOUT_LACKS)
    string(FIND "${out}" "${text}" at)
    if(NOT at EQUAL -1)
      string(APPEND problems "\n  stdout should not contain '${text}'")
    endif()
  endforeach()
  foreach(text IN LISTS C_STDERR_CONTAINS)
    string(FIND "${err}" "${text}" at)
    if(at EQUAL -1)
      string(APPEND problems "\n  stderr lacks '${text}'")
    endif()
  endforeach()
  foreach(text IN LISTS C_STDERR_LACKS)
    string(FIND "${err}" "${text}" at)
    if(NOT at EQUAL -1)
      string(APPEND problems "\n  stderr should not contain '${text}'")
    endif()
  endforeach()
  if(C_STDERR_EMPTY AND NOT "${err}" STREQUAL "")
    string(APPEND problems "\n  stderr should be empty")
  endif()
  if(C_STDOUT_EMPTY AND NOT "${out}" STREQUAL "")
    string(APPEND problems "\n  stdout should be empty")
  endif()
  if(DEFINED C_STDOUT_LINES)
    string(REGEX MATCHALL "\n" newlines "${out}")
    list(LENGTH newlines lines)
    if(NOT lines EQUAL C_STDOUT_LINES)
      string(APPEND problems "\n  stdout has ${lines} lines, expected ${C_STDOUT_LINES}")
    endif()
  endif()
  if(DEFINED C_STDOUT_FILE)
    file(WRITE "${C_STDOUT_FILE}" "${out}")
  endif()
  string(JOIN " " shown ${C_ARGS})
  if(problems STREQUAL "")
    message(STATUS "ok   ${C_NAME}")
  else()
    message(SEND_ERROR "FAIL ${C_NAME}: scr ${shown}${problems}\n"
                       "  --- stdout ---\n${out}  --- stderr ---\n${err}")
    math(EXPR n "${failures} + 1")
    set(failures ${n} PARENT_SCOPE)
  endif()
endfunction()
