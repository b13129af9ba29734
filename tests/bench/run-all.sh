#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every benchmark against a build tree: one line per figure on stdout, `name value (target)`.
# Usage: tests/bench/run-all.sh BUILD_DIR   (what `make bench` calls)
set -u -o pipefail

BUILD_DIR=$(cd "${1:?usage: run-all.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$BUILD_DIR/bin/qlake-node" ] || { echo "run-all.sh: $BUILD_DIR/bin/qlake-node is not built" >&2; exit 1; }

status=0
for bench in "$HERE"/*_bench.py; do
  python3 "$bench" "$BUILD_DIR" || status=1
done
exit $status
