#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""File-ingest benchmark of the Operator (issue: local storage and the Operator). Usage:
ingest_bench.py BUILD_DIR

1,000,000 sensor rows (7 columns) in 100 JSON files are renamed into a running operator's watch
dir; the figure is rows/s from the first file to the last row queryable. The same run times a
plain sqlite3 prepared-statement loop (bench-sqlite-loop) over the same rows into the same table
(and into one without indexes), and reports the ratios and the node's peak RSS. One line per figure on stdout; progress on stderr."""
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
from bench_support import cpu_seconds, log, sqlite_loop, status_kb, table_ddl  # noqa: E402
from qlake_node import QlakeNode, free_port  # noqa: E402

FILES = int(os.environ.get("QLAKE_BENCH_FILES", "100"))
ROWS_PER_FILE = int(os.environ.get("QLAKE_BENCH_ROWS_PER_FILE", "10000"))


def make_files(folder):
    paths = []
    for f in range(FILES):
        rows = []
        for i in range(ROWS_PER_FILE):
            n = f * ROWS_PER_FILE + i
            rows.append({"timestamp": "2025-01-01 %02d:%02d:%02d" % (n // 3600 % 24, n // 60 % 60, n % 60),
                         "device": "sensor-%d" % (n % 10), "value": round(n * 0.37, 2), "reading": n,
                         "site": "plant-%d" % (n % 7), "ok": n % 2 == 0, "code": "c%04d" % (n % 1000)})
        path = os.path.join(folder, "bench.sensor.0.%d.json" % f)
        with open(path, "w") as out:
            json.dump(rows, out)
        paths.append(path)
    return paths


def main():
    build = os.environ["QLAKE_BUILD_DIR"]
    work = tempfile.mkdtemp(prefix="qlake-ingest-bench-")
    total = FILES * ROWS_PER_FILE
    try:
        source = os.path.join(work, "source")
        os.makedirs(source)
        log("writing %d files of %d rows" % (FILES, ROWS_PER_FILE))
        paths = make_files(source)

        tcp = free_port()
        node = QlakeNode.with_rest(["create work directories",
                                    "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % tcp,
                                    "connect dbms bench where type = sqlite"])
        node.start()
        node.wait_rest()
        try:
            node.post('op = {"operator": {"name": "bench", "company": "bench", "ip": "127.0.0.1", "port": %d}}' % tcp)
            node.post("blockchain insert where policy = !op and local = true")
            policy = node.get("blockchain get operator bring [operator][id]").body
            r = node.post("run operator where policy = %s and archive_json = false and threads = 2" % policy)
            if r.status != 200:
                raise RuntimeError("run operator failed: %r" % r)
            watch = os.path.join(node.home, "data", "watch")
            db_path = os.path.join(node.home, "data", "dbms", "bench.dbms")
            start = time.monotonic()
            for p in paths:
                shutil.copy(p, os.path.join(work, "tmp.json"))
                os.rename(os.path.join(work, "tmp.json"), os.path.join(watch, os.path.basename(p)))
            deadline = start + 600
            count = 0
            while time.monotonic() < deadline:
                try:
                    con = sqlite3.connect(db_path)
                    count = con.execute("select count(*) from sensor").fetchone()[0]
                    con.close()
                except sqlite3.Error:
                    count = 0
                if count >= total:
                    break
                time.sleep(0.05)
            elapsed = time.monotonic() - start
            if count < total:
                raise RuntimeError("only %d of %d rows after %.0f s" % (count, total, elapsed))
            rss = status_kb(node.proc.pid, "VmHWM:")
            cpu = cpu_seconds(node.proc.pid)
            # The node's DDL for the table (data-ingestion.md §4.3): the loop builds the same
            # table, indexes and all, and once more without the indexes.
            create, indexes = table_ddl(db_path, "sensor")
        finally:
            node.cleanup()

        node_rate = total / elapsed
        loop_same_table = sqlite_loop(build, work, "loop-indexed", "sensor", [create] + indexes, paths)
        loop_bare = sqlite_loop(build, work, "loop-bare", "sensor", [create], paths)
        print("file_ingest_rows_per_s %d (%d rows in %d files)" % (node_rate, total, FILES), flush=True)
        print("file_ingest_ratio_to_sqlite_loop %.2f (target >= 0.6; loop into the same table, with its %d indexes: %d rows/s)"
              % (node_rate / loop_same_table, len(indexes), loop_same_table), flush=True)
        print("file_ingest_ratio_to_bare_sqlite_loop %.2f (loop into a table without indexes: %d rows/s)"
              % (node_rate / loop_bare, loop_bare), flush=True)
        print("file_ingest_node_cpu_us_per_row %.2f (user+system CPU of the node)" % (cpu * 1e6 / total), flush=True)
        print("file_ingest_peak_rss_kb %d (target <= 153600)" % rss, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
