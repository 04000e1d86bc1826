#!/usr/bin/env bash
# Installs the system packages libscr builds with, when they are missing.
# Idempotent: installs nothing when everything is present. Says what it installs.
#
#   scripts/deps.sh          what `make test` and `make demo` need
#   scripts/deps.sh fuzz     also clang and its libFuzzer runtime (`make fuzz`)
set -euo pipefail

packages=(
  g++ make pkg-config
  libboost-date-time-dev libboost-graph-dev
  libyaml-cpp-dev libsqlite3-dev nettle-dev libicu-dev
  libsqlitecpp-dev  # the tests reach into SQLite files with it, as someone with the file would
  libssl-dev  # the tests check the hash chain with OpenSSL, independently of Nettle
  nlohmann-json3-dev libcli11-dev
  libzip-dev libexpat1-dev libxlsxwriter-dev  # chronologies read from and written to XLSX
  libgtest-dev libgmock-dev libbenchmark-dev
  libjemalloc2  # make bench measures a long-running writer under it as well as under glibc's malloc
  valgrind  # make bench-misses counts an append's instructions and cache misses with callgrind
  graphviz
  chromium fonts-dejavu-core
  libpq-dev  # the PostgreSQL backend's client library (its header to build; libpq5 is loaded at run time)
  postgresql  # the tests start a throwaway PostgreSQL server of their own
)
if [ "${1:-}" = fuzz ]; then
  packages+=(clang libclang-rt-dev)
fi
# Build tools: use what is on PATH, otherwise Debian's.
command -v cmake >/dev/null 2>&1 || packages+=(cmake)
command -v ninja >/dev/null 2>&1 || packages+=(ninja-build)
# Python: the interpreter needs venv and its headers.
python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  packages+=(python3 python3-venv python3-dev)
else
  "$python" -c 'import venv, ensurepip' >/dev/null 2>&1 || packages+=(python3-venv)
  "$python" -c 'import os, sysconfig; raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    || packages+=(python3-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all system packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to run apt-get" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
