#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""REST PUT streaming benchmark (issue: local storage and the Operator). Usage: put_bench.py BUILD_DIR

200,000 rows as single-row streaming PUTs from 16 keep-alive connections (bench-put-client),
then 200,000 rows in 1,000-row batches; each figure is rows/s from the first request until every
acknowledged row is queryable (after `flush buffers`). The batched figure is also compared with
a plain sqlite3 loop inserting the same rows into the same table (the node's DDL, indexes and
all): the most SQLite does with them on this machine. One line per figure on stdout; progress
on stderr."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import http.client

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
sys.path.insert(0, HERE)
from qlake_node import QlakeNode  # noqa: E402
from bench_support import count, log, sqlite_loop, table_ddl  # noqa: E402


def wait_rows(node, db_path, table, expected, start):
    node.post("flush buffers")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if count(db_path, table) >= expected:
            return time.monotonic() - start
        time.sleep(0.05)
    raise RuntimeError("%s: only %d of %d rows queryable" % (table, count(db_path, table), expected))


def bench_single(node, db_path, rows=200000, clients=16):
    client = os.path.join(os.environ["QLAKE_BIN_DIR"], "bench-put-client")
    start = time.monotonic()
    p = subprocess.run([client, str(node.port), str(rows), str(clients)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("bench-put-client failed: %s" % p.stderr)
    acknowledged, seconds = p.stdout.split()
    log("single-row PUTs: %s rows acknowledged in %s s" % (acknowledged, seconds))
    elapsed = wait_rows(node, db_path, "put_single", int(acknowledged), start)
    return int(acknowledged) / elapsed


def batch_rows(batches, rows_per_batch):
    return [[{"id": b * rows_per_batch + i, "ts": "2025-01-01 00:00:00", "device": "s-%d" % (i % 10), "value": i * 0.5}
             for i in range(rows_per_batch)] for b in range(batches)]


def bench_batches(node, db_path, batches=200, rows_per_batch=1000, clients=4):
    bodies = [json.dumps(rows) for rows in batch_rows(batches, rows_per_batch)]
    headers = {"type": "json", "dbms": "bench", "table": "put_batch", "mode": "streaming", "Content-Type": "text/plain",
               "User-Agent": "AnyLog/1.23"}
    errors = []

    def client(part):
        conn = http.client.HTTPConnection("127.0.0.1", node.port, timeout=60)
        for body in part:
            conn.request("PUT", "/", body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                errors.append(r.status)
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(bodies[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError("%d batch PUTs failed: %s" % (len(errors), errors[:5]))
    elapsed = wait_rows(node, db_path, "put_batch", batches * rows_per_batch, start)
    return batches * rows_per_batch / elapsed


def loop_ceiling(build, work, create, indexes, batches=200, rows_per_batch=1000):
    """What SQLite itself does with the batched rows here: bench-sqlite-loop inserting them into
    the node's put_batch table (10,000 rows a transaction, as large as the node's), with its
    indexes and without."""
    rows = [row for batch in batch_rows(batches, rows_per_batch) for row in batch]
    paths = []
    for start in range(0, len(rows), 10000):
        paths.append(os.path.join(work, "batch-%d.json" % start))
        with open(paths[-1], "w") as f:
            json.dump(rows[start:start + 10000], f)
    return (sqlite_loop(build, work, "loop-indexed", "put_batch", [create] + indexes, paths),
            sqlite_loop(build, work, "loop-bare", "put_batch", [create], paths))


def main():
    node = QlakeNode.with_rest(["create work directories", "connect dbms bench where type = sqlite", "run streamer"])
    node.start()
    node.wait_rest()
    work = tempfile.mkdtemp(prefix="qlake-put-bench-")
    try:
        try:
            db_path = os.path.join(node.home, "data", "dbms", "bench.dbms")
            single = bench_single(node, db_path)
            print("rest_put_single_row_rows_per_s %d (target >= 25000)" % single, flush=True)
            batched = bench_batches(node, db_path)
            print("rest_put_batched_rows_per_s %d (target >= 500000)" % batched, flush=True)
            create, indexes = table_ddl(db_path, "put_batch")
        finally:
            node.cleanup()
        indexed, bare = loop_ceiling(os.environ["QLAKE_BUILD_DIR"], work, create, indexes)
        print("rest_put_batched_ratio_to_sqlite_loop %.2f (a sqlite3 loop into the same table, with its %d indexes: %d rows/s)"
              % (batched / indexed, len(indexes), indexed), flush=True)
        print("rest_put_batched_ratio_to_bare_sqlite_loop %.2f (the loop into the table without indexes: %d rows/s)"
              % (batched / bare, bare), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
