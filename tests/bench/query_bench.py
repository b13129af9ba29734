#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`sql` query benchmark of the real qlake-node. Usage: query_bench.py BUILD_DIR

One table of 1,000,000 rows (one a second over 11.6 days, 20 devices). Each query is asked over
REST (median latency of several runs) and the same aggregate in plain SQL is run by the sqlite3
shell on the same database file in the same run; the figure is the ratio (target <= 1.5).
Prints exactly one line per figure on stdout, `name value (target ...)`; progress goes to stderr."""
import os
import shutil
import sqlite3
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

ROWS = 1_000_000
RUNS = 7
RATIO_TARGET = 1.5

# name: (Qlake query, the same aggregate in plain SQLite; {latest} is filled in for period)
QUERIES = {
    "increments_minute5": (
        "select increments(minute, 5, timestamp), min(value), max(value), avg(value) from readings",
        "select min(value), max(value), avg(value) from readings "
        "group by cast(strftime('%s', timestamp) as integer) / 300 order by cast(strftime('%s', timestamp) as integer) / 300",
    ),
    "period_hour6": (
        "select count(*), min(value), max(value), avg(value) from readings where period(hour, 6, now(), timestamp)",
        # what the node runs: the leading query, then the bounded aggregate
        "select max(timestamp) from readings where timestamp <= '{now}'; "
        "select count(*), min(value), max(value), avg(value) from readings where timestamp <= '{latest}' and timestamp >= '{start}'",
    ),
    "count_group_by_device": (
        "select device, count(*) from readings group by device",
        "select device, count(*) from readings group by device",
    ),
}


def make_database(path):
    db = sqlite3.connect(path)
    db.execute("create table readings (timestamp timestamp, device varchar, value float)")
    start = time.mktime((2025, 1, 1, 0, 0, 0, 0, 0, 0)) - time.timezone

    def rows():
        for i in range(ROWS):
            t = time.gmtime(start + i)
            yield ("%04d-%02d-%02d %02d:%02d:%02d.000000" % t[:6], "dev-%d" % (i % 20), (i * 37 % 1000) / 10.0)
    db.executemany("insert into readings values (?, ?, ?)", rows())
    db.commit()
    db.close()


def median_seconds(a, b):
    """Medians of a() and b(), run alternately so that load on a shared machine hits both alike."""
    times = ([], [])
    for _ in range(RUNS):
        for run, out in ((a, times[0]), (b, times[1])):
            t0 = time.perf_counter()
            run()
            out.append(time.perf_counter() - t0)
    return statistics.median(times[0]), statistics.median(times[1])


def main():
    if shutil.which("sqlite3") is None:
        raise RuntimeError("the sqlite3 shell is not installed (scripts/install-deps.sh)")
    node = QlakeNode.with_rest(["connect dbms bench where type = sqlite"])
    dbms_dir = os.path.join(node.home, "data", "dbms")
    os.makedirs(dbms_dir, exist_ok=True)
    path = os.path.join(dbms_dir, "bench.dbms")
    log("query_bench: writing %d rows" % ROWS)
    make_database(path)
    node.start()
    try:
        node.wait_rest()
        db = sqlite3.connect(path)
        latest = db.execute("select max(timestamp) from readings").fetchone()[0]
        start = db.execute("select strftime('%Y-%m-%d %H:%M:%S.000000', ?, '-6 hours')", (latest,)).fetchone()[0]
        db.close()
        now = time.strftime("%Y-%m-%d %H:%M:%S.000000", time.gmtime())
        for name, (query, plain) in QUERIES.items():
            plain = plain.format(now=now, latest=latest, start=start)
            command = 'sql bench format = json and stat = false "%s"' % query
            first = node.get(command, timeout=120)
            if first.status != 200 or not first.body.startswith('{"Query"'):
                raise RuntimeError("%s: %d %s" % (name, first.status, first.body[:300]))

            def ask():
                r = node.get(command, timeout=120)
                if r.status != 200:
                    raise RuntimeError("%s: %d %s" % (name, r.status, r.body[:300]))

            def shell():
                p = subprocess.run(["sqlite3", "-json", path, plain], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
                if p.returncode != 0:
                    raise RuntimeError("sqlite3: %s" % p.stderr.decode())

            qlake, sqlite = median_seconds(ask, shell)
            ratio = qlake / sqlite
            log("query_bench: %s qlake %.1f ms, sqlite3 %.1f ms" % (name, qlake * 1000, sqlite * 1000))
            print("sql_%s_ms %.1f (sqlite3 shell %.1f ms)" % (name, qlake * 1000, sqlite * 1000), flush=True)
            print("sql_%s_vs_sqlite3 %.2f (target <= %.1f%s)" % (name, ratio, RATIO_TARGET, "" if ratio <= RATIO_TARGET else ", missed"), flush=True)
    finally:
        node.stop()
        node.cleanup()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one failed figure must not hide the others' output
        log("query_bench: %s" % e)
        sys.exit(1)
