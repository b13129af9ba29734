#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Loss-free streaming (issue: an HTTP 200 for a streaming PUT means the rows survive a crash).

Four clients stream 200,000 rows with unique ids through REST PUTs (mostly batches, some
single rows) while the test SIGKILLs the node at random points of the ingest and restarts it
on the same home. At the end every acknowledged row (HTTP 200) must be in the table exactly
once; a row whose PUT got no answer may be there or not, but never twice."""
import http.client
import json
import os
import random
import shutil
import sqlite3
import struct
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import USER_AGENT, NodeTestCase, QlakeNode, free_port, rest_server_command  # noqa: E402

ROWS = 200_000
CLIENTS = 4
KILLS = 5
SUCCESS = '{"AnyLog.status":"Success", "AnyLog.hash": '


def strip_done_marks(folder):
    """Rewrites the journal without its `done` records (StreamJournal's format: u32 magic,
    u32 length, u32 crc32, payload whose first byte is the kind, 2 = done; zeros after the last
    record). Returns how many
    rows records stay and how many marks went."""
    kept = dropped = 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            data = f.read()
        out, pos = bytearray(), 0
        while pos + 12 <= len(data):
            magic, length = struct.unpack_from("<II", data, pos)
            if magic == 0:
                break  # the zero-filled space the journal writes ahead of its records
            record = data[pos:pos + 12 + length]
            if record[12] == 2:
                dropped += 1
            else:
                kept += 1
                out += record
            pos += 12 + length
        with open(path, "wb") as f:
            f.write(out)
    return kept, dropped


class CrashIngestTest(NodeTestCase):

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="qlake-crash-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.port = free_port()
        self.rng = random.Random(int(os.environ.get("QLAKE_CRASH_SEED", time.time())))
        self.lock = threading.Lock()
        self.next_id = 0
        self.acked = []
        self.unacked = []
        self.up = threading.Event()

    def node_args(self):
        commands = [
            "create work directories",
            "connect dbms crash where type = sqlite",
            "set buffer threshold where time = 1 seconds and volume = 256KB",
            "run streamer",
            rest_server_command(self.port),
        ]
        args = []
        for c in commands:
            args += (["and"] if args else []) + [c]
        return args

    def start(self):
        node = QlakeNode(args=self.node_args(), home=self.home, port=self.port)
        self.start_node(node)
        self.node = node
        self.up.set()

    def take_ids(self):
        with self.lock:
            if self.next_id >= ROWS:
                return None
            n = 1 if self.rng.random() < 0.3 else self.rng.randint(100, 1000)
            ids = list(range(self.next_id, min(ROWS, self.next_id + n)))
            self.next_id = ids[-1] + 1
            return ids

    def client(self):
        conn = None
        while True:
            self.up.wait()
            ids = self.take_ids()
            if ids is None:
                break
            rows = [{"id": i, "ts": "2025-01-01 00:00:%02d" % (i % 60), "device": "d%d" % (i % 7), "value": i * 0.5} for i in ids]
            body = json.dumps(rows if len(rows) > 1 else rows[0])
            ok = False
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                conn.request("PUT", "/", body=body, headers={
                    "User-Agent": USER_AGENT, "type": "json", "dbms": "crash", "table": "readings",
                    "mode": "streaming", "Content-Type": "text/plain"})
                r = conn.getresponse()
                text = r.read().decode()
                ok = r.status == 200 and text.startswith(SUCCESS)
                if r.status != 200:
                    raise AssertionError("PUT answered %d: %s" % (r.status, text))
            except (OSError, http.client.HTTPException):
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.02)
            with self.lock:
                (self.acked if ok else self.unacked).extend(ids)
        if conn is not None:
            conn.close()

    def test_acknowledged_rows_survive_sigkill_exactly_once(self):
        started = time.monotonic()
        self.start()
        errors = []

        def run_client():
            try:
                self.client()
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
                self.up.set()

        threads = [threading.Thread(target=run_client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        # Kill points spread over the ingest, at random places.
        points = sorted(self.rng.sample(range(ROWS // 20, ROWS * 9 // 10), KILLS))
        kills = 0
        for point in points:
            while True:
                with self.lock:
                    sent = self.next_id
                if sent >= point or errors:
                    break
                time.sleep(0.005)
            if errors:
                break
            time.sleep(self.rng.random() * 0.05)
            self.up.clear()
            self.node.proc.kill()
            self.node.proc.wait(timeout=10)
            kills += 1
            self.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(errors, [])
        self.assertEqual(kills, KILLS)

        r = self.node.post("flush buffers", timeout=60)
        self.assertEqual(r.status, 200, r)
        counts = self.counts()
        self.check(counts)
        # The worst case for exactly-once: every `done` mark lost, so the journal gives back
        # rows the database already holds; its committed sequence numbers must skip them.
        self.up.clear()
        self.node.proc.kill()
        self.node.proc.wait(timeout=10)
        kept, dropped = strip_done_marks(os.path.join(self.home, "streaming"))
        self.assertGreater(kept, 0)
        self.start()
        self.assertIn("read back from the journal", self.node.get("get event log").body)
        self.assertEqual(self.node.post("flush buffers", timeout=60).status, 200)
        self.assertEqual(self.counts(), counts)
        sys.stderr.write("\n%d rows acknowledged, %d unanswered (%d of those present), %d kills, %d journal records replayed, %.1f s\n"
                         % (len(self.acked), len(self.unacked), len(set(self.unacked) & set(counts)), kills, kept, time.monotonic() - started))

    def counts(self):
        db = sqlite3.connect(os.path.join(self.home, "data", "dbms", "crash.dbms"))
        try:
            return dict(db.execute("select id, count(*) from readings group by id").fetchall())
        finally:
            db.close()

    def check(self, counts):
        acked, unacked = set(self.acked), set(self.unacked)
        self.assertEqual(len(acked) + len(unacked), ROWS)
        missing = sorted(acked - set(counts))
        self.assertEqual(missing[:20], [], "%d acknowledged rows lost" % len(missing))
        twice = sorted(i for i, c in counts.items() if c > 1)
        self.assertEqual(twice[:20], [], "%d rows inserted more than once" % len(twice))
        self.assertEqual(set(counts) - acked - unacked, set())


if __name__ == "__main__":
    unittest.main()
