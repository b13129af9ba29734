#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Peer network benchmarks of the real qlake-node, two nodes on loopback. Usage: network_bench.py BUILD_DIR

Prints exactly one line per figure on stdout, `name value (no target)` (no targets were set for
these); progress and diagnostics go to stderr. Exits non-zero only when a figure cannot be measured.

* run_client_roundtrips_per_s_1 / _16: REST GETs `get status` with `destination: B` sent to node A,
  which forwards each over the peer protocol to B and waits for B's reply (a full round trip
  REST -> TCP -> TCP -> REST), from 1 caller and from 16 concurrent callers, for ~5 s each.
* policy_visible_after_sync_wake_ms: a member syncing every 60 s; a policy goes into the master's
  ledger table, `run blockchain sync` wakes the member, and the clock stops when the member's
  `blockchain get` shows the policy. Median of 5."""
import http.client
import json
import os
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
from bench_support import log  # noqa: E402
from qlake_node import USER_AGENT, QlakeNode, free_port  # noqa: E402

DURATION_S = 5.0


def report(name, value):
    print("%s %d (no target)" % (name, round(value)), flush=True)


def tcp_command(port):
    return "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port


def start(commands):
    # The REST server as the integration tests run it (6 workers): on a small machine more
    # workers than cores make the 16-caller figure lower, not higher.
    node = QlakeNode.with_rest(commands)
    node.start()
    node.wait_rest()
    return node


def post_ok(node, command):
    r = node.post(command)
    if r.status != 200:
        raise RuntimeError("POST %r failed: %r\n%s" % (command, r, node.dump()))
    return r


class Pair:
    """Node A (caller) and node B (peer), each with a TCP and a REST server."""

    def __enter__(self):
        self.tcp_b = free_port()
        self.a = start([tcp_command(free_port())])
        self.b = start([tcp_command(self.tcp_b)])
        self.dest = "127.0.0.1:%d" % self.tcp_b
        return self

    def __exit__(self, *exc):
        for n in (self.a, self.b):
            n.cleanup()


def roundtrips(pair, callers):
    """Round trips per second through A to B from `callers` threads, each on a keep-alive
    connection, for DURATION_S."""
    expected = "[From Node %s]" % pair.dest
    counts = [0] * callers
    failures = []
    barrier = threading.Barrier(callers + 1)
    stop_at = [0.0]

    def caller(index):
        conn = http.client.HTTPConnection("127.0.0.1", pair.a.port, timeout=30)
        headers = {"command": "get status", "destination": pair.dest, "User-Agent": USER_AGENT}
        try:
            barrier.wait()
            while time.perf_counter() < stop_at[0]:
                conn.request("GET", "/", headers=headers)
                resp = conn.getresponse()
                body = resp.read().decode("utf-8", "replace")
                if resp.status != 200 or expected not in body:
                    failures.append((resp.status, body[:200]))
                    return
                counts[index] += 1
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(repr(e))
        finally:
            conn.close()

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(callers)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    stop_at[0] = t0 + DURATION_S
    barrier.wait()
    for t in threads:
        t.join(DURATION_S + 60)
    elapsed = time.perf_counter() - t0
    if failures:
        raise RuntimeError("%d caller(s) failed, first: %r" % (len(failures), failures[0]))
    total = sum(counts)
    log("%d caller(s): %d round trips in %.2f s" % (callers, total, elapsed))
    return total / elapsed


def bench_roundtrips():
    with Pair() as pair:
        # Warm up: the first call opens the connections on both sides.
        for _ in range(20):
            r = pair.a.get("get status", headers={"destination": pair.dest})
            if r.status != 200:
                raise RuntimeError("warm-up failed: %r\n%s\n%s" % (r, pair.a.dump(), pair.b.dump()))
        return roundtrips(pair, 1), roundtrips(pair, 16)


def bench_sync_wake(runs=5):
    master_tcp = free_port()
    master_addr = "127.0.0.1:%d" % master_tcp
    master = start([tcp_command(master_tcp), "connect dbms blockchain where type = sqlite", "blockchain create table",
                    "run blockchain sync where source = dbms and time = 1 second and dest = file"])
    member = None
    try:
        member = start([tcp_command(free_port()),
                        "run blockchain sync where source = master and time = 60 seconds and dest = file and connection = %s" % master_addr])
        times = []
        for i in range(runs):
            name = "bench-policy-%d-%d" % (os.getpid(), i)
            post_ok(master, 'bench_policy = {"bench": {"name": "%s", "company": "Bench", "run": %d}}' % (name, i))
            # Into the master's ledger table now (the push a member's `blockchain insert ... master =`
            # sends), so the member's pull is the only thing timed.
            post_ok(master, "blockchain push !bench_policy")
            query = "blockchain get bench where name = %s" % name
            t0 = time.perf_counter()
            post_ok(member, "run blockchain sync")
            while True:
                r = member.get(query)
                if r.status == 200 and r.body.strip() and json.loads(r.body):
                    break
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError("policy %s not on the member 30 s after the wake\n%s\n%s" % (name, master.dump(), member.dump()))
                time.sleep(0.001)
            times.append((time.perf_counter() - t0) * 1000)
        log("sync wake runs (ms): " + ", ".join("%.1f" % t for t in times))
        return statistics.median(times)
    finally:
        master.cleanup()
        if member is not None:
            member.cleanup()


def main():
    failed = False
    try:
        one, sixteen = bench_roundtrips()
        report("run_client_roundtrips_per_s_1", one)
        report("run_client_roundtrips_per_s_16", sixteen)
    except Exception as e:  # noqa: BLE001 - one figure failing must not hide the others
        log("run_client_roundtrips_per_s: failed: %s" % e)
        failed = True
    try:
        report("policy_visible_after_sync_wake_ms", bench_sync_wake())
    except Exception as e:  # noqa: BLE001
        log("policy_visible_after_sync_wake_ms: failed: %s" % e)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
