#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""REST PUT ingestion of the real qlake-node (data-ingestion.md §7, §8; services.md §13):
both modes with EdgeLake's exact replies (the golden captures), the error replies (a missing
dbms header gets a 400 naming it, where EdgeLake never answers), `flush buffers`, flushing by
time and by volume with per-table overrides that really apply, write_immediate, the `stream`
command, and `get streaming [config]`."""
import hashlib
import json
import os
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from dbms_backend import Unavailable, backend  # noqa: E402
from qlake_node import SHARED_DIR, NodeTestCase, QlakeNode, wait_until  # noqa: E402

OUTPUTS = os.path.join(SHARED_DIR, "vectors", "outputs")


def golden(name):
    with open(os.path.join(OUTPUTS, name + ".meta"), encoding="utf-8") as f:
        meta = json.load(f)
    with open(os.path.join(OUTPUTS, name + ".out"), "rb") as f:
        body = f.read().decode("utf-8")
    body_file = meta["request"].get("body_file")
    request_body = b""
    if body_file and meta["request"].get("body_bytes"):
        path = os.path.join(OUTPUTS, body_file)
        if not os.path.exists(path):
            path = os.path.join(SHARED_DIR, "vectors", body_file)
        with open(path, "rb") as f:
            request_body = f.read()
    headers = {k: v for k, v in meta["request"]["headers"].items() if k not in ("Host", "User-Agent", "Content-Length")}
    return meta, headers, request_body, body


class RestPutTest(NodeTestCase):

    db = backend()

    def start_ingest_node(self, extra=()):
        self.db.reset("new_company")
        node = QlakeNode.with_rest([
            "create work directories",
            self.db.connect_command("new_company"),
        ] + list(extra))
        self.start_node(node)
        node.data = os.path.join(node.home, "data")
        return node

    def put(self, node, table, body, mode="streaming", **headers):
        h = {"type": "json", "dbms": "new_company", "table": table, "mode": mode, "Content-Type": "text/plain"}
        h.update(headers)
        return node.request("PUT", headers=h, body=body)

    def count(self, node, table):
        try:
            return self.db.rows(node, "new_company", "select count(*) from %s" % table)[0][0]
        except Unavailable:
            return None

    def assert_golden(self, name, response):
        meta, _, _, body = golden(name)
        self.assertEqual(response.status, meta["status"], response)
        self.assertEqual(response.reason, meta["reason"], response)
        self.assertEqual(response.header("content-type"), meta["content_type"], response)
        self.assertEqual(response.body, body)

    def replay(self, node, name):
        _, headers, body, _ = golden(name)
        return node.request("PUT", headers=headers, body=body)

    # --- replies -----------------------------------------------------------------------------
    def test_streaming_put_replies_as_the_golden_captures(self):
        node = self.start_ingest_node()
        self.assert_golden("put_streaming_ok_small", self.replay(node, "put_streaming_ok_small"))
        # 22,771 bytes pass the 10 KB volume threshold: flushed at once, its file hash returned.
        self.assert_golden("put_streaming_ok_vectors_sensor_nodeB", self.replay(node, "put_streaming_ok_vectors_sensor_nodeB"))
        wait_until(lambda: self.count(node, "vectors_sensor") == 300, 10, what="300 rows of the volume flush")
        r = node.post("flush buffers")
        self.assert_golden("post_flush_buffers", r)
        self.assertEqual(self.count(node, "vectors_put"), 2)  # committed when flush buffers answers

        text = node.get("get streaming").body
        _, _, _, expected = golden("get_streaming")
        expected_lines = expected.split("\r\n")
        lines = text.split("\r\n")
        self.assertEqual(lines[:6], expected_lines[:6])  # frame, titles, underline
        self.assertRegex(text, r"new_company\.vectors_put   \|     0\|    0\| \|        1\|        2\|     0\|         0\|         10\|     0\.0\|        60\|       60\|\d\d:\d\d:\d\d    \|")
        self.assertRegex(text, r"new_company\.vectors_sensor\|     0\|    0\| \|        1\|      300\|     0\|         0\|         10\|     0\.0\|        60\|       60\|\d\d:\d\d:\d\d    \|")
        rows = json.loads(node.get("get streaming where format = json").body)
        self.assertEqual([(t["table"], t["Streaming Put"], t["Streaming Rows"], t["Streaming Cached"]) for t in rows],
                         [("new_company.vectors_put", 1, 2, 0), ("new_company.vectors_sensor", 1, 300, 0)])

    def test_error_replies(self):
        node = self.start_ingest_node()
        self.assert_golden("err_put_empty_body", self.replay(node, "err_put_empty_body"))
        self.assert_golden("err_put_no_table", self.replay(node, "err_put_no_table"))
        # EdgeLake answers a body that is not JSON with success (golden) and fails it later:
        # the rows land in the error dir with the reason.
        self.assert_golden("err_put_bad_json", self.replay(node, "err_put_bad_json"))
        rejected = [f for f in os.listdir(os.path.join(node.data, "error")) if f.startswith("err_6.new_company.vectors_put.")]
        self.assertEqual(len(rejected), 2, rejected)  # the file and its .reason
        # No dbms header: EdgeLake raises and never answers; Qlake says which header is missing.
        _, headers, body, _ = golden("err_put_no_dbms")
        r = node.request("PUT", headers=headers, body=body, timeout=5)
        self.assertEqual(r.status, 400, r)
        self.assertIn("'dbms'", r.body)
        # POST `command: data` without a msg client on broker = rest.
        r = node.post("data", headers={"topic": "t"}, body='{"a": 1}')
        self.assertEqual(r.status, 400, r)
        self.assertIn("run msg client where broker = rest", r.body)

    def test_file_mode_writes_one_json_file_into_the_watch_dir(self):
        node = self.start_ingest_node()
        body = '[{"ts": "2025-01-01 00:00:00", "v": 1}, {"ts": "2025-01-01 00:01:00", "v": 2}]'
        r = self.put(node, "filed", body, mode="file", source="dev7")
        self.assertEqual(r.status, 200, r)
        content = b'{"ts": "2025-01-01 00:00:00", "v": 1}\n{"ts": "2025-01-01 00:01:00", "v": 2}'
        digest = hashlib.md5(b"new_company.filed" + content).hexdigest()
        self.assertEqual(r.body, '{"AnyLog.status":"Success", "AnyLog.hash": "%s" }' % digest)
        path = os.path.join(node.data, "watch", "new_company.filed.dev7.%s.0.json" % digest)
        self.assertTrue(os.path.exists(path), os.listdir(os.path.join(node.data, "watch")))
        with open(path, "rb") as f:
            self.assertEqual(f.read(), content)
        self.assertEqual(os.listdir(os.path.join(node.data, "prep")), [])  # renamed, not copied
        # Any other mode is file mode.
        self.assertEqual(self.put(node, "filed", '{"v": 3}', mode="whatever").status, 200)
        self.assertEqual(len(os.listdir(os.path.join(node.data, "watch"))), 2)
        stats = json.loads(node.get("get streaming where format = json").body)
        self.assertEqual([(t["table"], t["File Put"], t["File Rows"]) for t in stats], [("new_company.filed", 2, 3)])

    # --- thresholds --------------------------------------------------------------------------
    def test_time_threshold_of_one_table_applies_to_that_table_only(self):
        node = self.start_ingest_node([
            "set buffer threshold where dbms = new_company and table = fast and time = 1 seconds and volume = 1MB",
            "run streamer",
        ])
        self.assertIn("Default streaming thresholds are 60 seconds and 10,240 bytes", node.get("get processes").body)
        config = json.loads(node.get("get streaming config where format = json").body)
        self.assertEqual((config["status"], config["Threshold_Time"], config["Threshold_Volume"]), ("Running", 60, 10240))
        self.assertIn("new_company.fast", node.get("get streaming config").body)
        self.assertEqual(self.put(node, "fast", '{"v": 1}').body, '{"AnyLog.status":"Success", "AnyLog.hash": "0" }')
        self.assertEqual(self.put(node, "slow", '{"v": 1}').status, 200)
        started = time.monotonic()
        wait_until(lambda: self.count(node, "fast") == 1, 6, what="the fast table flushed by time")
        self.assertLess(time.monotonic() - started, 4.5)
        self.assertIsNone(self.count(node, "slow"))  # the default 60 s still holds for it
        self.assertEqual(node.post("flush buffers").status, 200)
        self.assertEqual(self.count(node, "slow"), 1)

    def test_volume_threshold_of_one_table(self):
        node = self.start_ingest_node(["set buffer threshold where dbms = new_company and table = big and volume = 1KB"])
        row = '{"name": "%s"}' % ("x" * 590)
        self.assertEqual(self.put(node, "big", row).body, '{"AnyLog.status":"Success", "AnyLog.hash": "0" }')
        self.assertEqual(self.put(node, "small", row + "\n" + row).body, '{"AnyLog.status":"Success", "AnyLog.hash": "0" }')
        r = self.put(node, "big", row)  # 1,181 bytes buffered > 1,024
        digest = hashlib.md5(("new_company.big" + row + "\n" + row).encode()).hexdigest()
        self.assertEqual(r.body, '{"AnyLog.status":"Success", "AnyLog.hash": "%s" }' % digest)
        wait_until(lambda: self.count(node, "big") == 2, 10, what="the volume flush")
        self.assertIsNone(self.count(node, "small"))

    def test_write_immediate_and_the_stream_command(self):
        node = self.start_ingest_node(["set buffer threshold where dbms = new_company and table = now and write_immediate = true"])
        self.assertEqual(self.put(node, "now", '[{"v": 1}, {"v": 2}]').status, 200)
        wait_until(lambda: self.count(node, "now") == 2, 10, what="rows written immediately")
        wait_until(lambda: json.loads(node.get("get streaming where format = json").body)[0]["Immediate"] == 2, 5, what="immediate counter")
        # `stream`: the same as a PUT, from a command (default mode streaming).
        self.assertEqual(node.post('row = {"device": "d1", "value": 3.5}').status, 200)
        r = node.post("stream !row where dbms = new_company and table = streamed")
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(self.count(node, "streamed"))
        self.assertEqual(node.post("flush buffers").status, 200)
        self.assertEqual(self.count(node, "streamed"), 1)
        r = node.post("set buffer threshold where dbms = new_company")
        self.assertEqual(r.status, 400, r)
        self.assertIn("Missing Time threshold or Volume threshold", r.body)


if __name__ == "__main__":
    unittest.main()
