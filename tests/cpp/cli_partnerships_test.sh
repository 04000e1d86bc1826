#!/usr/bin/env bash
# Two partnerships in one PostgreSQL database, run from the command line as
# their boards would: each login sees only its partnership's reviews, and no
# login acts in a role it does not hold. Usage: cli_partnerships_test.sh SCR DIR
# (the scr command, and the folder of the tests' server socket).
set -euo pipefail
scr=$1
dir=$2
tag="cli$$"
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h "$dir" -U scr_admin -d postgres -qXtA -v ON_ERROR_STOP=1 -c "$1"; }
url() { echo "postgresql:///postgres?host=$dir&user=$1&options=-csearch_path%3D$2"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

psql_admin "DROP SCHEMA IF EXISTS ${tag}_a CASCADE; DROP SCHEMA IF EXISTS ${tag}_b CASCADE;
            DROP ROLE IF EXISTS ${tag}_alice; DROP ROLE IF EXISTS ${tag}_bob;
            CREATE ROLE ${tag}_alice LOGIN; CREATE ROLE ${tag}_bob LOGIN;
            CREATE SCHEMA ${tag}_a; CREATE SCHEMA ${tag}_b"
cleanup() {
  psql_admin "DROP SCHEMA IF EXISTS ${tag}_a CASCADE; DROP SCHEMA IF EXISTS ${tag}_b CASCADE;
              DROP OWNED BY ${tag}_alice, ${tag}_bob; DROP ROLE ${tag}_alice; DROP ROLE ${tag}_bob" || true
}
trap cleanup EXIT

"$scr" --db "$(url scr_admin ${tag}_a)" init >/dev/null
"$scr" --db "$(url scr_admin ${tag}_b)" init >/dev/null
"$scr" --db "$(url scr_admin ${tag}_a)" logins grant ${tag}_alice --actor "A. Patel" --role lscb_chair >/dev/null
"$scr" --db "$(url scr_admin ${tag}_b)" logins grant ${tag}_bob --actor "B. Jones" --role lscb_chair >/dev/null

alice=$(url ${tag}_alice ${tag}_a)
bob=$(url ${tag}_bob ${tag}_b)
# Two processes at once, each on its own connection as its own login.
"$scr" --db "$alice" review open --procedure solihull-2011-scr --reference "Child Q" --at "15/01/2024 09:00" \
  --actor "A. Patel" --role lscb_chair --data incident_at=2024-01-13T22:00Z >/dev/null &
first=$!
"$scr" --db "$bob" review open --procedure solihull-2011-scr --reference "Child R" --at "01/02/2024 09:00" \
  --actor "B. Jones" --role lscb_chair --data incident_at=2024-01-30T22:00Z >/dev/null
wait $first

references() { "$scr" --db "$1" review list | tail -n +2 | awk '{print $1, $2}' | paste -sd,; }
[ "$(references "$alice")" = "Child Q" ] || fail "alice's list: $(references "$alice")"
[ "$(references "$bob")" = "Child R" ] || fail "bob's list: $(references "$bob")"
if out=$("$scr" --db "$(url ${tag}_alice ${tag}_b)" review list 2>&1); then fail "alice read bob's store: $out"; fi
case $out in *"not one of the partnership's members"*) ;; *) fail "alice on bob's store: $out" ;; esac

# A role she does not hold (as another person): refused, exit 1, the rule named.
set +e
out=$("$scr" --db "$alice" review record "Child Q" panel_convened --at 19/01/2024 --actor "J. Lowe" \
  --role lscb_chair 2>&1)
status=$?
set -e
[ $status -eq 1 ] || fail "exit $status for a role not held: $out"
case $out in *"refused (rule 'role'): login '${tag}_alice' may not act as J. Lowe"*) ;; *) fail "message: $out" ;; esac
"$scr" --db "$alice" review record "Child Q" panel_convened --at 19/01/2024 --actor "A. Patel" --role lscb_chair \
  >/dev/null
[ "$("$scr" --db "$(url scr_admin ${tag}_a)" review list | tail -n +2 | awk '{print $NF}')" = "2" ] ||
  fail "Child Q should have 2 events"
"$scr" --db "$(url scr_admin ${tag}_a)" verify --all >/dev/null 2>&1 || fail "verify --all"
echo "two partnerships: each login saw only its own reviews and acted only as mapped"
