#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# STYLE.md §1: qlake-node links the core (Qt Core/Network/...) and never Qt Gui or Widgets;
# qlake-console, the desktop front end, links Widgets.
set -u -o pipefail

SOURCE_DIR=${QLAKE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN_DIR=${QLAKE_BIN_DIR:-$SOURCE_DIR/build/bin}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

command -v ldd >/dev/null || { echo "FAIL: ldd is not installed" >&2; exit 1; }

node="$BIN_DIR/qlake-node"
console="$BIN_DIR/qlake-console"
[ -x "$node" ] || { echo "FAIL: $node not built" >&2; exit 1; }

node_libs=$(ldd "$node") || { echo "FAIL: ldd $node" >&2; exit 1; }
if grep -q 'not found' <<<"$node_libs"; then fail "qlake-node has unresolved libraries:"; grep 'not found' <<<"$node_libs" >&2; fi
if grep -q 'libQt6Core\.so' <<<"$node_libs"; then pass "qlake-node links libQt6Core"; else fail "qlake-node does not link libQt6Core"; fi
for lib in libQt6Gui libQt6Widgets libQt6OpenGL libQt6Charts; do
  if grep -q "$lib\.so" <<<"$node_libs"; then
    fail "qlake-node links $lib: $(grep "$lib\.so" <<<"$node_libs" | xargs)"
  else
    pass "qlake-node does not link $lib"
  fi
done
# The direct dependencies (NEEDED) tell the same story without the transitive closure.
if command -v readelf >/dev/null; then
  needed=$(readelf -d "$node" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  if grep -q 'libQt6\(Gui\|Widgets\)' <<<"$needed"; then fail "qlake-node NEEDED lists Gui/Widgets"; else pass "qlake-node NEEDED has no Gui/Widgets"; fi
fi

if [ -x "$console" ]; then
  console_libs=$(ldd "$console") || fail "ldd $console"
  if grep -q 'libQt6Widgets\.so' <<<"$console_libs"; then pass "qlake-console links libQt6Widgets"; else fail "qlake-console does not link libQt6Widgets"; fi
  if grep -q 'libQt6Core\.so' <<<"$console_libs"; then pass "qlake-console links libQt6Core"; else fail "qlake-console does not link libQt6Core"; fi
else
  # The console is optional (QLAKE_BUILD_GUI=OFF); only a configured GUI build must have it.
  if grep -q '^QLAKE_BUILD_GUI:BOOL=ON' "${QLAKE_BUILD_DIR:-$SOURCE_DIR/build}/CMakeCache.txt" 2>/dev/null; then
    fail "QLAKE_BUILD_GUI=ON but $console is not built"
  else
    echo "skip: qlake-console not built (QLAKE_BUILD_GUI=OFF)"
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "---- ldd $node:" >&2
  echo "$node_libs" >&2
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all linkage checks passed"
