#!/usr/bin/env bash
# The repaired wheel, as a new user would have it: installed into a fresh
# virtual environment on a machine where nothing of libscr's build is used.
#
#   tests/wheel/check.sh PYTHON DIST_DIR
#
# 1. `auditwheel show`: the wheel is consistent with a manylinux tag (the
#    one the README states), so every library it needs outside the policy
#    is inside it;
# 2. in a fresh environment (no LD_LIBRARY_PATH, the source tree not on the
#    path), the README's Python tour runs and every result it shows is true;
# 3. the libraries libscr needs beyond the C and C++ runtimes are loaded
#    from the wheel, not the system: `ldd` of the module, of `scr` (the
#    program itself, not a script that starts it) and of the helper;
# 4. `scr --version` says the project's version, and the bundled libzip,
#    libxlsxwriter and libpq work, loaded on first use from the wheel: an
#    XLSX written by `scr` is read back by the module, and a PostgreSQL URL
#    reaches libpq from both (which reports that no server is there, rather
#    than that it cannot be loaded).
set -euo pipefail
python=$1
dist=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)

shopt -s nullglob
wheels=("$dist"/libscr-*manylinux*.whl)
if [ ${#wheels[@]} -ne 1 ]; then
  echo "check.sh: expected one manylinux wheel in $dist, found: ${wheels[*]:-none}" >&2
  exit 1
fi
wheel=$(cd "$(dirname "${wheels[0]}")" && pwd)/$(basename "${wheels[0]}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check.sh: $*" >&2; exit 1; }

# 1. What auditwheel says of it, and the libraries its policy allows
#    outside the wheel.
"$python" -m auditwheel show "$wheel" > "$work/show.txt"
tag=$(tr '\n' ' ' < "$work/show.txt" | sed -n 's/.*consistent with the following platform tag: *"\(manylinux_[0-9a-z_]*\)".*/\1/p')
[ -n "$tag" ] || fail "auditwheel does not find the wheel consistent with a manylinux tag:
$(cat "$work/show.txt")"
"$python" - "$tag" > "$work/allowed.txt" <<'PY'
import json, sys, importlib.resources
policies = json.loads(importlib.resources.files("auditwheel.policy").joinpath("manylinux-policy.json").read_text())
tag = sys.argv[1].replace("_x86_64", "").replace("_aarch64", "")
(policy,) = [p for p in policies if p["name"] == tag]
print("\n".join(policy["lib_whitelist"]))
PY
grep -q "\`$tag\`" "$source_dir/README.md" || fail "the README does not state the wheel's tag, $tag"
echo "wheel: $(basename "$wheel"): consistent with $tag, as the README says"

# 2. A fresh environment, the wheel and what its extras need.
base=$("$python" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')
"$base" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel[pandas]" 2>&1 \
  | grep -v "is ignored: it is neither a file nor a directory" || true
"$work/venv/bin/python" -c 'import libscr' || fail "the wheel did not install"
clean_env=(env -i "PATH=$work/venv/bin:/usr/bin:/bin" "HOME=$work" "LANG=C.UTF-8")
cd "$work"

"${clean_env[@]}" "$work/venv/bin/python" - "$source_dir" "$work/venv" <<'PY'
import pathlib, runpy, sys
source, venv = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
import libscr
where = pathlib.Path(libscr.__file__).resolve()
assert venv in where.parents, f"libscr imported from {where}, not the fresh environment"
tour = runpy.run_path(str(source / "tests/python/test_readme.py"))
tour["test_readme_has_a_python_tour"]()
tour["test_readme_python_results_are_true"]()
print(f"README tour: ran with libscr {libscr.__version__} from {where.parent}")
PY

# 3. Every library the module, the command and the helper load is inside
#    the wheel or one the policy allows outside it; the command is the
#    program itself, not a script that starts it (auditwheel leaves a
#    command that needs nothing from the wheel where it is).
site=("$work"/venv/lib/python*/site-packages)
module=("${site[0]}"/libscr/_core*.so)
helper="${site[0]}/libscr/_bundled.so"
[ -f "$helper" ] || fail "the wheel has no libscr/_bundled.so"
[ -x "$work/venv/bin/scr" ] || fail "the wheel installed no scr command"
head -c 4 "$work/venv/bin/scr" | grep -q "ELF" || fail "bin/scr is not the program but a script: $(head -c 200 "$work/venv/bin/scr")"
for binary in "${module[0]}" "$work/venv/bin/scr" "$helper"; do
  ldd "$binary" > "$work/ldd.txt" || fail "ldd $binary failed"
  while read -r name arrow path _; do
    case "$name" in linux-vdso*|/*ld-linux*|ld-linux*|statically) continue ;; esac
    [ "$arrow" = "=>" ] || continue
    [ "$path" = "not" ] && fail "$(basename "$binary") needs $name, which is not there"
    grep -qxF "$name" "$work/allowed.txt" && continue
    case "$path" in
      "$work/venv/"*) ;;
      *) fail "$(basename "$binary") loads $name from outside the wheel ($path), and the policy does not allow it" ;;
    esac
  done < "$work/ldd.txt"
done
echo "libraries: from the wheel, or allowed by $tag; bin/scr is the program"

# 4. The command, and the bundled libzip, libxlsxwriter and libpq at work.
version=$("${clean_env[@]}" scr --version)
expected=$(sed -n 's/^project(libscr$//; /^  VERSION /{s/^  VERSION \([0-9.]*\).*/\1/p;q}' "$source_dir/CMakeLists.txt")
case "$version" in
  *"$expected"*) ;;
  *) fail "scr --version says '$version', not $expected" ;;
esac
echo "scr --version: $version"
"${clean_env[@]}" scr --db "$work/reviews.db" init > /dev/null
"${clean_env[@]}" scr --db "$work/reviews.db" review list --format xlsx -o "$work/reviews.xlsx"
out=$("${clean_env[@]}" scr --db "postgresql:///libscr?host=/nonexistent-libscr-socket" init 2>&1 || true)
case "$out" in
  *"cannot be loaded"*|*"install it"*) fail "scr did not reach the bundled libpq: $out" ;;
  *nonexistent-libscr-socket*) ;;
  *) fail "scr on a PostgreSQL URL with no server said: $out" ;;
esac
"${clean_env[@]}" "$work/venv/bin/python" - "$work/reviews.xlsx" "$work/venv" <<'PY'
import pathlib, sys
import libscr
maps = pathlib.Path("/proc/self/maps").read_text()
assert "libzip" not in maps, "libzip was loaded before a workbook was read"
table = libscr.read_chronology(sys.argv[1])
venv = str(pathlib.Path(sys.argv[2]).resolve())
zips = {line.split()[-1] for line in pathlib.Path("/proc/self/maps").read_text().splitlines() if "libzip" in line}
assert zips and all(z.startswith(venv) for z in zips), f"libzip loaded from {zips}, not the wheel"
heading = [cell.text for cell in table.rows[0]]
assert "reference" in heading, f"the workbook read back has the heading {heading}"
try:
    libscr.Store("postgresql:///libscr?host=/nonexistent-libscr-socket")
except libscr.Error as e:
    message = str(e)
    assert "cannot be loaded" not in message, message
    assert "nonexistent-libscr-socket" in message, message
else:
    raise AssertionError("a store with no server behind it opened")
print("XLSX written by scr and read back by the module, libzip loaded on use from the wheel; libpq reached from both")
PY
echo "wheel: all checks passed"
