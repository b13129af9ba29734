#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Packaging: cpack builds the DEB and the TGZ from the build tree; the extracted .deb runs
# `qlake-node --version` with the project version, and carries the systemd unit (whose
# ExecStart names the packaged binary) and the desktop file.
set -u -o pipefail

SOURCE_DIR=${QLAKE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD_DIR=${QLAKE_BUILD_DIR:-$SOURCE_DIR/build}
VERSION=$(sed -n 's/^project(Qlake VERSION \([0-9.]*\).*/\1/p' "$SOURCE_DIR/CMakeLists.txt")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qlake-pkg-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

for tool in cpack dpkg-deb tar; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
[ -n "$VERSION" ] || { echo "FAIL: no project(Qlake VERSION ...) in $SOURCE_DIR/CMakeLists.txt" >&2; exit 1; }
[ -f "$BUILD_DIR/CPackConfig.cmake" ] || { echo "FAIL: no CPackConfig.cmake in $BUILD_DIR (configure first)" >&2; exit 1; }

# Packages go to a private folder so a parallel `make package` is not disturbed.
if ! (cd "$BUILD_DIR" && cpack -G "DEB;TGZ" -B "$WORK/cpack" -D CPACK_OUTPUT_FILE_PREFIX="$WORK/out") >"$WORK/cpack.log" 2>&1; then
  cat "$WORK/cpack.log" >&2
  echo "FAIL: cpack failed" >&2
  exit 1
fi

deb=$(find "$WORK/out" -maxdepth 1 -name "*.deb" | head -n1)
tgz=$(find "$WORK/out" -maxdepth 1 -name "*.tar.gz" | head -n1)
[ -n "$deb" ] || { cat "$WORK/cpack.log" >&2; echo "FAIL: no .deb produced" >&2; exit 1; }
pass "DEB built: $(basename "$deb")"
check "TGZ built: $(basename "${tgz:-none}")" test -n "$tgz" -a -s "${tgz:-/nonexistent}"
check "package names carry the version $VERSION" bash -c "[[ '$(basename "$deb")' == *'$VERSION'* && '$(basename "${tgz:-x}")' == *'$VERSION'* ]]"

# --- the .deb: control fields, contents, maintainer scripts --------------------------------
dpkg-deb -f "$deb" Package Version >"$WORK/control"
check "control: Package qlake" grep -qx "Package: qlake" "$WORK/control"
check "control: Version $VERSION" grep -qx "Version: $VERSION" "$WORK/control"

dpkg-deb -c "$deb" >"$WORK/contents"
node_path=$(awk '{print $NF}' "$WORK/contents" | sed 's|^\./|/|' | grep '/bin/qlake-node$' | head -n1)
unit_path=$(awk '{print $NF}' "$WORK/contents" | sed 's|^\./|/|' | grep '/systemd/system/qlake-node.service$' | head -n1)
desktop_path=$(awk '{print $NF}' "$WORK/contents" | sed 's|^\./|/|' | grep '/applications/qlake-console.desktop$' | head -n1)
check "deb holds qlake-node ($node_path)" test -n "$node_path"
if grep -q '^QLAKE_BUILD_GUI:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
  check "deb holds qlake-console" grep -q '/bin/qlake-console$' "$WORK/contents"
fi
check "deb holds the systemd unit ($unit_path)" test -n "$unit_path"
check "deb holds the desktop file ($desktop_path)" test -n "$desktop_path"
check "deb holds the default script" grep -q '/share/qlake/qlake-default.al$' "$WORK/contents"

mkdir -p "$WORK/root" "$WORK/control-files"
dpkg-deb -x "$deb" "$WORK/root" || fail "dpkg-deb -x"
dpkg-deb -e "$deb" "$WORK/control-files" || fail "dpkg-deb -e"
check "postinst creates the qlake user" grep -q 'adduser --system --group --home /var/lib/qlake' "$WORK/control-files/postinst"

# --- the packaged binary runs ---------------------------------------------------------------
if [ -n "$node_path" ]; then
  out=$(timeout 20 "$WORK/root$node_path" --version 2>&1)
  rc=$?
  check "packaged qlake-node --version exits 0 (rc=$rc)" test "$rc" -eq 0
  check "packaged qlake-node --version prints 'Qlake $VERSION' (got '$out')" test "$out" = "Qlake $VERSION"
fi

# --- the systemd unit -----------------------------------------------------------------------
if [ -n "$unit_path" ]; then
  unit="$WORK/root$unit_path"
  check "unit: User=qlake" grep -qx 'User=qlake' "$unit"
  check "unit: data in /var/lib/qlake" grep -q '/var/lib/qlake' "$unit"
  check "unit: Restart=on-failure" grep -qx 'Restart=on-failure' "$unit"
  check "unit: carries the version $VERSION" grep -q "$VERSION" "$unit"
  check "unit: no unexpanded @VAR@" bash -c "! grep -q '@[A-Z_]*@' '$unit'"
  exec_bin=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
  check "unit: ExecStart ($exec_bin) is the packaged binary ($node_path)" test "$exec_bin" = "$node_path"
  check "unit: ExecStart uses --home /var/lib/qlake" grep -q '^ExecStart=.* --home /var/lib/qlake' "$unit"
  if command -v systemd-analyze >/dev/null && [ -x "$WORK/root$node_path" ]; then
    # Only syntax: the binary path is checked above, the user may not exist here.
    systemd-analyze verify --man=no "$unit" >"$WORK/verify.log" 2>&1 || true
    check "unit: systemd-analyze reports no syntax errors" bash -c "! grep -qi 'unknown\\|invalid\\|failed to parse' '$WORK/verify.log'"
  fi
fi

# --- the desktop file -----------------------------------------------------------------------
if [ -n "$desktop_path" ]; then
  desktop="$WORK/root$desktop_path"
  check "desktop: [Desktop Entry]" grep -qx '\[Desktop Entry\]' "$desktop"
  check "desktop: Type=Application" grep -qx 'Type=Application' "$desktop"
  check "desktop: Exec runs qlake-console" grep -q '^Exec=.*qlake-console' "$desktop"
  if command -v desktop-file-validate >/dev/null; then
    check "desktop: desktop-file-validate" desktop-file-validate "$desktop"
  fi
fi

# --- the TGZ --------------------------------------------------------------------------------
if [ -n "$tgz" ]; then
  tar tzf "$tgz" >"$WORK/tgz-contents" || fail "tar tzf $tgz"
  check "tgz holds bin/qlake-node" grep -q '/bin/qlake-node$' "$WORK/tgz-contents"
  check "tgz holds the systemd unit" grep -q '/qlake-node.service$' "$WORK/tgz-contents"
fi

if [ "$failures" -ne 0 ]; then
  echo "---- cpack log:" >&2
  cat "$WORK/cpack.log" >&2
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all packaging checks passed"
