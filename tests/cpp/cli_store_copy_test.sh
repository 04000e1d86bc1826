#!/usr/bin/env bash
# scr store copy: the demo database (scripts/demo.sh) copied to PostgreSQL
# and back to a new SQLite file, each copy with the same ledger head and the
# same answers; a keyed store with its key; never into a store that holds
# anything. Usage: cli_store_copy_test.sh SCR DIR (the scr command, and the
# folder of the tests' server socket).
set -euo pipefail
shopt -s inherit_errexit
scr=$1
dir=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
schema="copy$$"
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h "$dir" -U scr_admin -d postgres -qXtA -v ON_ERROR_STOP=1 -c "$1"; }
cleanup() { rm -rf "$work"; psql_admin "DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_k CASCADE" || true; }
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
url() { echo "postgresql:///postgres?host=$dir&user=scr_admin&options=-csearch_path%3D$1"; }

"$here/scripts/demo.sh" "$scr" "$work/demo" 2024-06-30 >/dev/null 2>&1 || fail "the demo did not run"
psql_admin "CREATE SCHEMA ${schema}; CREATE SCHEMA ${schema}_k"
"$scr" store copy "$work/demo/reviews.db" "$(url $schema)" >/dev/null
"$scr" store copy "$(url $schema)" "$work/back.db" >/dev/null

answers() {
  "$scr" --db "$1" audit head
  "$scr" --db "$1" overdue --as-of 30/06/2024
  "$scr" --db "$1" report monthly --month 2024-06
  "$scr" --db "$1" timetable "SCR 2024/01 Child Q" --as-of 30/06/2024 --format csv
  "$scr" --db "$1" review history "PLR 2024/02 Child P"
  "$scr" --db "$1" verify --all 2>/dev/null
}
original=$(answers "$work/demo/reviews.db")
[ -n "$original" ] || fail "the demo gave no answers"
[ "$(answers "$(url $schema)")" = "$original" ] || fail "PostgreSQL's copy answers differently"
[ "$(answers "$work/back.db")" = "$original" ] || fail "the copy back answers differently"
[ "$(stat -c %a "$work/back.db")" = "600" ] || fail "the copied file is not its owner's alone"

# Never into a store that holds anything; nothing written there.
if out=$("$scr" store copy "$work/demo/reviews.db" "$work/back.db" 2>&1); then fail "copied over a store: $out"; fi
case $out in *"is not empty"*) ;; *) fail "message: $out" ;; esac

# A keyed store, with its key (and not without it).
"$scr" --db "$work/keyed.db" --key-file "$work/key" init >/dev/null
"$scr" --db "$work/keyed.db" --key-file "$work/key" review open --procedure solihull-2011-scr --reference "Child K" \
  --at "15/01/2024 09:00" --actor "A. Patel" --role lscb_chair --data incident_at=2024-01-13T22:00Z >/dev/null
if "$scr" store copy "$work/keyed.db" "$(url ${schema}_k)" >/dev/null 2>&1; then fail "a keyed store copied without its key"; fi
"$scr" --key-file "$work/key" store copy "$work/keyed.db" "$(url ${schema}_k)" >/dev/null
[ "$("$scr" --db "$(url ${schema}_k)" --key-file "$work/key" audit head)" = \
  "$("$scr" --db "$work/keyed.db" --key-file "$work/key" audit head)" ] || fail "the keyed copy's head"
echo "the demo database and a keyed store copied both ways with the same heads and answers"
