# Runs the real `scr` executable and checks stdout, stderr and exit codes of
# `scr procedures ...`.
#
#   cmake -DSCR=<path to scr> -DDATA=<tests/data> -DWORK=<scratch dir> -P cli_procedures_test.cmake
#
# Exit codes (libscr/cli/main.cpp): 0 done; 1 refused by the rules (`check`
# found an error); 2 bad usage or bad input (a file that cannot be read, an
# unknown procedure, a bad option). The example is
# tests/data/procedures/example.yaml, the annotated example of
# docs/procedure-language.md. Files written for the checks go to WORK.

cmake_minimum_required(VERSION 3.21)

if(NOT DEFINED SCR OR NOT EXISTS "${SCR}")
  message(FATAL_ERROR "cli_procedures_test: pass -DSCR=<path to the scr executable> (got '${SCR}')")
endif()
if(NOT DEFINED DATA OR NOT IS_DIRECTORY "${DATA}")
  message(FATAL_ERROR "cli_procedures_test: pass -DDATA=<tests/data directory> (got '${DATA}')")
endif()
if(NOT DEFINED WORK OR "${WORK}" STREQUAL "")
  message(FATAL_ERROR "cli_procedures_test: pass -DWORK=<a scratch directory>")
endif()
set(EXAMPLE "${DATA}/procedures/example.yaml")
if(NOT EXISTS "${EXAMPLE}")
  message(FATAL_ERROR "cli_procedures_test: missing ${EXAMPLE}")
endif()
file(MAKE_DIRECTORY "${WORK}")

set(failures 0)

include("${CMAKE_CURRENT_LIST_DIR}/cli_check.cmake")

# fail(<name> <why>): a failure found outside check().
macro(fail name why)
  message(SEND_ERROR "FAIL ${name}: ${why}")
  math(EXPR failures "${failures} + 1")
endmacro()

# --- Files for the checks. broken.yaml: one error on line 16 (the role
#     'chiar', column 53) and so one warning (the role 'chair' is unused).
#     warned.yaml: valid, one warning (the role 'clerk' on line 9 is unused).
set(BROKEN "${WORK}/broken.yaml")
file(WRITE "${BROKEN}" [=[procedure:
  id: broken
  title: Broken procedure
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
roles:
  - {id: chair, title: Chair}
states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal}
events:
  opened: {title: Opened}
  finish: {title: Finished}
transitions:
  - {event: finish, from: open, to: closed, roles: [chiar]}
]=])
set(WARNED "${WORK}/warned.yaml")
file(WRITE "${WARNED}" [=[procedure:
  id: warned
  title: Procedure with an unused role
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
roles:
  - {id: chair, title: Chair}
  - {id: clerk, title: Clerk}
states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal}
events:
  opened: {title: Opened}
  finish: {title: Finished}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
]=])

# --- list: a header, then one line per built-in pack: ID VERSION EFFECTIVE TITLE.
check(NAME list
  ARGS procedures list
  STDOUT_CONTAINS "ID" "VERSION" "EFFECTIVE" "TITLE"
  STDERR_EMPTY)
execute_process(COMMAND "${SCR}" procedures list OUTPUT_VARIABLE listed RESULT_VARIABLE rc TIMEOUT 60)
string(REGEX MATCHALL "[^\n]+" list_lines "${listed}")
set(builtin_ids "")
list(LENGTH list_lines n_lines)
if(n_lines EQUAL 0)
  fail(list_lines "`scr procedures list` printed nothing")
else()
  list(GET list_lines 0 header)
  if(NOT header MATCHES "^ID +VERSION +EFFECTIVE +RULES BY FIRMNESS +TITLE$")
    fail(list_header "the first line is not the header: '${header}'")
  endif()
  list(REMOVE_AT list_lines 0)
  foreach(line IN LISTS list_lines)
    if(line MATCHES "^([a-z][a-z0-9_-]*) +([1-9][0-9]*) +([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) +[^ ].*$")
      list(APPEND builtin_ids "${CMAKE_MATCH_1}")
    else()
      fail(list_line "not 'id version date title': '${line}'")
    endif()
  endforeach()
endif()
set(sorted_ids ${builtin_ids})
list(SORT sorted_ids)
if(NOT "${sorted_ids}" STREQUAL "${builtin_ids}")
  fail(list_sorted "the ids are not sorted: ${builtin_ids}")
endif()
# Every pack in the source tree's libscr/procedures is built in.
file(GLOB pack_files "${DATA}/../../libscr/procedures/*.yaml")
foreach(pack IN LISTS pack_files)
  get_filename_component(pack_id "${pack}" NAME_WE)
  if(NOT pack_id IN_LIST builtin_ids)
    fail(list_has_${pack_id} "'${pack_id}' is in libscr/procedures but not in `scr procedures list`")
  endif()
endforeach()
if(EXISTS "${DATA}/../../libscr/procedures/solihull-2011-scr.yaml" AND NOT "solihull-2011-scr" IN_LIST builtin_ids)
  fail(list_has_solihull "solihull-2011-scr is not listed")
endif()
# Every listed id can be shown.
foreach(id IN LISTS builtin_ids)
  check(NAME show_builtin_${id}
    ARGS procedures show "${id}"
    STDOUT_CONTAINS "${id}  version " "States" "Transitions"
    STDERR_EMPTY)
endforeach()

# --- show: a summary of a file.
check(NAME show_example
  ARGS procedures show "${EXAMPLE}"
  STDOUT_CONTAINS "example-board-scr  version 3, effective from 2011-02-01\n"
                  "Example LSCB Serious Case Review\n"
                  "calendar: england-and-wales    review type: scr\n"
                  "Roles" "lscb_chair" "agency_senior_officer"
                  "Role conflicts" "line_manager_of_staff_involved"
                  "States" "referred" "considering" "deferred" "in_review" "not_held" "completed"
                  "Transitions" "outcome in [alternative_review, no_review]" "(stays)"
                  "Milestones" "1 month after referral_received" "6 months after decision"
                  "2 weeks before presentation_meeting" "on decide.reconsider_on" "scheduled"
                  "Obligations" "1 month, every 1 month until complete" "completion extended"
                  "Track 'imr'" "one for each agency commissioned by commission_agency"
  STDERR_EMPTY)

# --- show --format yaml: YAML that `check` accepts, describing the same procedure.
set(AGAIN "${WORK}/example-again.yaml")
file(REMOVE "${AGAIN}")
check(NAME show_yaml
  ARGS procedures show "${EXAMPLE}" --format yaml
  STDOUT_CONTAINS "procedure:\n" "  id: example-board-scr\n" "  version: 3\n" "tracks:\n"
  STDERR_EMPTY
  STDOUT_FILE "${AGAIN}")
check(NAME show_yaml_is_valid
  ARGS procedures check "${AGAIN}"
  STDOUT "${AGAIN}: valid (0 errors, 0 warnings)\n"
  STDERR_EMPTY)
check(NAME show_yaml_shows_the_same
  ARGS procedures show "${AGAIN}"
  STDOUT_CONTAINS "example-board-scr  version 3, effective from 2011-02-01\n"
                  "6 months after decision" "2 weeks before presentation_meeting"
  STDERR_EMPTY)

# --- check.
check(NAME check_valid
  ARGS procedures check "${EXAMPLE}"
  STDOUT "${EXAMPLE}: valid (0 errors, 0 warnings)\n"
  STDERR_EMPTY)
check(NAME check_broken
  ARGS procedures check "${BROKEN}"
  RC 1
  STDOUT "${BROKEN}: invalid (1 error, 1 warning)\n"
  STDERR_CONTAINS "${BROKEN}:16:53: error: unknown role 'chiar' in transition 'finish'; did you mean 'chair'? [unknown-role]"
                  "${BROKEN}:8:5: warning: role 'chair' is declared but nothing refers to it [unused-role]")
check(NAME check_missing_file
  ARGS procedures check "${WORK}/no-such-file.yaml"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "no-such-file.yaml")
check(NAME check_no_file
  ARGS procedures check
  RC 2)
# Every file is checked, whatever the order; one bad file makes the exit 1.
check(NAME check_several_one_bad
  ARGS procedures check "${EXAMPLE}" "${BROKEN}" "${WARNED}"
  RC 1
  STDOUT "${EXAMPLE}: valid (0 errors, 0 warnings)\n${BROKEN}: invalid (1 error, 1 warning)\n${WARNED}: valid (0 errors, 1 warning)\n"
  STDERR_CONTAINS "${BROKEN}:16:53: error:" "[unknown-role]")
check(NAME check_several_bad_first
  ARGS procedures check "${BROKEN}" "${EXAMPLE}"
  RC 1
  STDOUT_CONTAINS "${BROKEN}: invalid" "${EXAMPLE}: valid")
check(NAME check_several_all_valid
  ARGS procedures check "${EXAMPLE}" "${WARNED}"
  STDOUT_LINES 2)

# --- warnings: printed, exit 0; --quiet hides them (errors still shown).
check(NAME check_warning
  ARGS procedures check "${WARNED}"
  STDOUT "${WARNED}: valid (0 errors, 1 warning)\n"
  STDERR_CONTAINS "${WARNED}:9:5: warning: role 'clerk' is declared but nothing refers to it [unused-role]")
check(NAME check_quiet
  ARGS procedures check --quiet "${WARNED}"
  STDOUT "${WARNED}: valid (0 errors, 1 warning)\n"
  STDERR_EMPTY)
check(NAME check_quiet_short
  ARGS procedures check -q "${WARNED}"
  STDERR_EMPTY)
check(NAME check_quiet_keeps_errors
  ARGS procedures check --quiet "${BROKEN}"
  RC 1
  STDERR_CONTAINS "${BROKEN}:16:53: error:" "[unknown-role]"
  STDERR_LACKS "warning:" "[unused-role]")

# A directory is not a procedure file: the help promises exit 2 for "a file
# cannot be read".
# Regression test for a defect found while writing these tests, since fixed;
# before the fix: the directory is read as empty text, reported as an
# invalid procedure ("must be a mapping ... [type]") and the exit is 1.
check(NAME check_a_directory
  ARGS procedures check "${WORK}"
  RC 2)

# A broken file cannot be shown or drawn: the errors, exit 2.
check(NAME show_broken
  ARGS procedures show "${BROKEN}"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "${BROKEN}:16:53: error: unknown role 'chiar'")

# --- diagram.
check(NAME diagram_dot
  ARGS procedures diagram "${EXAMPLE}" --format dot
  STDOUT_CONTAINS "digraph \"example-board-scr\" {" "\"referred\"" "\"completed\"" "\"imr.drafting\""
                  "6 months after decision"
  STDERR_EMPTY)
check(NAME diagram_mermaid
  ARGS procedures diagram "${EXAMPLE}" --format mermaid
  STDOUT_CONTAINS "stateDiagram-v2\n" "[*] --> referred" "completed --> [*]" " as in_review\n"
  STDOUT_LACKS "digraph"
  STDERR_EMPTY)
if("solihull-2011-scr" IN_LIST builtin_ids)
  check(NAME diagram_builtin
    ARGS procedures diagram solihull-2011-scr --format mermaid
    STDOUT_CONTAINS "stateDiagram-v2\n"
    STDERR_EMPTY)
endif()
set(DOT "${WORK}/example.dot")
file(REMOVE "${DOT}")
check(NAME diagram_to_a_file
  ARGS procedures diagram "${EXAMPLE}" --format dot -o "${DOT}"
  STDOUT_EMPTY STDERR_CONTAINS "wrote ${DOT}")
if(NOT EXISTS "${DOT}")
  fail(diagram_file_written "-o ${DOT} did not write the file")
else()
  file(READ "${DOT}" dot_text)
  string(FIND "${dot_text}" "digraph \"example-board-scr\" {" at)
  if(at EQUAL -1)
    fail(diagram_file_content "${DOT} is not the DOT diagram")
  endif()
endif()
# -o is the same safe writer as every export: an existing file only with
# --force, never through a symbolic link, never the database.
check(NAME diagram_never_overwrites_unasked
  ARGS procedures diagram "${EXAMPLE}" --format mermaid -o "${DOT}"
  RC 2 STDOUT_EMPTY STDERR_CONTAINS "already exists" "--force")
file(READ "${DOT}" dot_again)
if(NOT dot_again STREQUAL dot_text)
  fail(diagram_refusal_kept_the_file "${DOT} changed although the write was refused")
endif()
check(NAME diagram_force_replaces
  ARGS procedures diagram "${EXAMPLE}" --format mermaid -o "${DOT}" --force
  STDOUT_EMPTY STDERR_CONTAINS "wrote")
file(READ "${DOT}" dot_forced)
string(FIND "${dot_forced}" "stateDiagram-v2" at)
if(at EQUAL -1)
  fail(diagram_force_content "--force did not replace ${DOT}")
endif()
file(REMOVE "${WORK}/link.dot")
file(CREATE_LINK "${DOT}" "${WORK}/link.dot" SYMBOLIC)
check(NAME diagram_never_follows_a_link
  ARGS procedures diagram "${EXAMPLE}" --format dot -o "${WORK}/link.dot" --force
  RC 2 STDOUT_EMPTY STDERR_CONTAINS "symbolic link")
file(WRITE "${WORK}/reviews.db" "not really a database")
check(NAME diagram_never_over_the_database
  ARGS --db "${WORK}/reviews.db" procedures diagram "${EXAMPLE}" --format dot -o "${WORK}/reviews.db" --force
  RC 2 STDOUT_EMPTY STDERR_CONTAINS "is the database")
set(MMD "${WORK}/example.mmd")
file(REMOVE "${MMD}")
check(NAME diagram_to_a_file_long_option
  ARGS procedures diagram "${EXAMPLE}" --format mermaid --output "${MMD}"
  STDOUT_EMPTY STDERR_CONTAINS "wrote")
if(EXISTS "${MMD}")
  file(READ "${MMD}" mmd_text)
  string(FIND "${mmd_text}" "stateDiagram-v2" at)
  if(at EQUAL -1)
    fail(diagram_mermaid_file_content "${MMD} is not the Mermaid diagram")
  endif()
else()
  fail(diagram_mermaid_file_written "--output ${MMD} did not write the file")
endif()
check(NAME diagram_bad_format
  ARGS procedures diagram "${EXAMPLE}" --format svg
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "svg")
check(NAME diagram_needs_a_format
  ARGS procedures diagram "${EXAMPLE}"
  RC 2 STDOUT_EMPTY)
check(NAME show_bad_format
  ARGS procedures show "${EXAMPLE}" --format dot
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "dot")
check(NAME diagram_unwritable_output
  ARGS procedures diagram "${EXAMPLE}" --format dot -o "${WORK}/no-such-dir/example.dot"
  RC 2
  STDERR_CONTAINS "no-such-dir/example.dot")

# --- an unknown procedure: exit 2, naming it and every built-in id.
check(NAME show_unknown_procedure
  ARGS procedures show no-such-board
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "'no-such-board'" ${builtin_ids})
check(NAME diagram_unknown_procedure
  ARGS procedures diagram no-such-board --format dot
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "'no-such-board'" ${builtin_ids})
check(NAME procedures_needs_a_subcommand
  ARGS procedures
  RC 2)

if(failures GREATER 0)
  message(FATAL_ERROR "cli_procedures_test: ${failures} check(s) failed")
endif()
message(STATUS "cli_procedures_test: all checks passed")
