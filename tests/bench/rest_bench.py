#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""REST and start-up benchmarks of the real qlake-node. Usage: rest_bench.py BUILD_DIR

Prints exactly one line per figure on stdout, `name value (target ...)`; progress and
diagnostics go to stderr. Exits non-zero only when a figure cannot be measured."""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
from bench_support import log  # noqa: E402
from qlake_node import QlakeNode  # noqa: E402

TARGETS = {
    # name: (comparison, target)
    "rest_get_status_rps": (">=", 30000),
    "node_start_to_rest_ready_ms": ("<=", 100),
    "node_idle_rss_kb": ("<=", 25600),
}


def report(name, value):
    op, target = TARGETS[name]
    met = value >= target if op == ">=" else value <= target
    print("%s %d (target %s %d%s)" % (name, round(value), op, target, "" if met else ", missed"), flush=True)


def started_node():
    node = QlakeNode.with_rest()
    node.start()
    node.wait_rest()
    return node


def bench_rest_rps():
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed")
    node = started_node()
    try:
        cmd = ["wrk", "-t2", "-c50", "-d5s", "-H", "command: get status", "-H", "User-Agent: AnyLog/1.23",
               "http://127.0.0.1:%d/" % node.port]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
        log(p.stdout.rstrip())
        m = re.search(r"Requests/sec:\s*([\d.]+)", p.stdout)
        if p.returncode != 0 or not m:
            raise RuntimeError("wrk failed (%d): %s %s" % (p.returncode, p.stdout, p.stderr))
        bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", p.stdout)
        errors = re.search(r"Socket errors:.*", p.stdout)
        if bad or errors:
            log("warning: %s %s" % (bad.group(0) if bad else "", errors.group(0) if errors else ""))
        # The node must still answer after the load.
        if node.get("get status").status != 200:
            raise RuntimeError("the node stopped answering after the load\n" + node.dump())
        node.stop()
        return float(m.group(1))
    finally:
        node.cleanup()


def bench_start_to_ready(runs=5):
    """Spawn to the first answered `get status` (a TCP connect + GET), median of runs."""
    times = []
    for _ in range(runs):
        node = QlakeNode.with_rest()
        try:
            t0 = time.perf_counter()
            node.start()
            deadline = t0 + 15
            while True:
                if node.proc.poll() is not None:
                    raise RuntimeError("node exited during start-up\n" + node.dump())
                try:
                    if node.get("get status", timeout=2).status == 200:
                        break
                except OSError:
                    pass
                if time.perf_counter() > deadline:
                    raise RuntimeError("REST not ready after 15 s\n" + node.dump())
                time.sleep(0.002)
            times.append((time.perf_counter() - t0) * 1000)
            node.stop()
        finally:
            node.cleanup()
    log("start-to-ready runs (ms): " + ", ".join("%.1f" % t for t in times))
    return statistics.median(times)


def bench_idle_rss():
    node = started_node()
    try:
        time.sleep(2)
        with open("/proc/%d/status" % node.proc.pid, encoding="ascii") as f:
            m = re.search(r"^VmRSS:\s*(\d+)\s*kB", f.read(), re.M)
        if not m:
            raise RuntimeError("no VmRSS in /proc/%d/status" % node.proc.pid)
        node.stop()
        return int(m.group(1))
    finally:
        node.cleanup()


def main():
    failed = False
    for name, fn in (("rest_get_status_rps", bench_rest_rps),
                     ("node_start_to_rest_ready_ms", bench_start_to_ready),
                     ("node_idle_rss_kb", bench_idle_rss)):
        try:
            report(name, fn())
        except Exception as e:  # noqa: BLE001 - one figure failing must not hide the others
            log("%s: failed: %s" % (name, e))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
