#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The `sql` command over REST on the real qlake-node (query-and-metadata.md §1-§3): the 300
rows of vectors_sensor.json go in by a streaming PUT and `flush buffers`, as when EdgeLake was
captured; then each captured query is asked locally (no `destination` header) and the status,
reason, Content-Type and body must be EdgeLake's: json and table formats, statistics, empty
results, and SQL errors answered 200 with the error JSON."""
import json
import os
import sqlite3
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import SHARED_DIR, NodeTestCase, QlakeNode, wait_until  # noqa: E402

OUTPUTS = os.path.join(SHARED_DIR, "vectors", "outputs")

CAPTURES = [
    "sql_json_default", "sql_json_stat_true", "sql_json_stat_false", "sql_json_list", "sql_json_list_stat_true",
    "sql_json_output", "sql_json_output_stat_true", "sql_table", "sql_table_stat_false", "sql_empty_json",
    "sql_empty_json_stat_true", "sql_empty_table", "sql_empty_count", "sql_count_distinct", "sql_float2",
    "sql_float2_table", "sql_ljust19_json", "sql_ljust19_table", "sql_increments_minute10",
    "sql_increments_minute10_table", "sql_increments_minute10_by_device", "sql_period_hour1_fixed",
    "sql_period_hour1_now", "sql_raw_nolimit_order_json",
    "err_sql_syntax", "err_sql_syntax_where", "err_sql_unknown_column", "err_sql_unknown_dbms", "err_sql_unknown_table",
]


def capture(name):
    with open(os.path.join(OUTPUTS, name + ".meta"), encoding="utf-8") as f:
        meta = json.load(f)
    with open(os.path.join(OUTPUTS, name + ".out"), "rb") as f:
        body = f.read().decode("utf-8")
    return meta, body


class SqlRestTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        node = QlakeNode.with_rest([
            "create work directories",
            "connect dbms new_company where type = sqlite",
        ], env={"TZ": "UTC"})  # timestamps print in local time by default; the captures were made in UTC
        cls.start_class_node(node)
        cls.node = node
        with open(os.path.join(OUTPUTS, "vectors_sensor.json"), "rb") as f:
            rows = f.read()
        r = node.request("PUT", headers={"type": "json", "dbms": "new_company", "table": "vectors_sensor",
                                         "mode": "streaming", "Content-Type": "text/plain"}, body=rows)
        assert r.status == 200, r
        assert node.post("flush buffers").status == 200
        db_path = os.path.join(node.home, "data", "dbms", "new_company.dbms")

        def count():
            try:
                db = sqlite3.connect(db_path)
                try:
                    return db.execute("select count(*) from vectors_sensor").fetchone()[0]
                finally:
                    db.close()
            except sqlite3.Error:
                return None
        wait_until(lambda: count() == 300, 10, what="300 rows of vectors_sensor")

    def test_captures(self):
        for name in CAPTURES:
            with self.subTest(capture=name):
                meta, body = capture(name)
                r = self.node.get(meta["request"]["headers"]["command"])
                self.assertEqual(r.status, meta["status"], r)
                self.assertEqual(r.reason, meta["reason"], r)
                self.assertEqual(r.header("content-type"), meta["content_type"], r)
                self.assertEqual(r.body, body)

    def test_unquoted_sql_and_console_words(self):
        r = self.node.get("sql new_company format = table and stat = false select device, count(*) from vectors_sensor "
                          "where value > 100 group by device order by device")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "text")
        self.assertEqual(r.body, "\ndevice   count(*)\n-------- -------- \nsensor-1        9 \nsensor-2       10 \nsensor-3       10 \n")

    def test_query_pool_runs_the_queries(self):
        before = self.node.get("get query pool").body
        for _ in range(3):
            self.assertEqual(self.node.get('sql new_company format = json and stat = false "select count(*) from vectors_sensor"').body,
                             '{"Query":[{"count(*)":300}]}')
        after = self.node.get("get query pool").body
        self.assertNotEqual(before, after, "the query pool's call counters did not move")
        # Without workers (exit workers) queries run on the caller's thread; set query pool
        # brings them back.
        self.assertEqual(self.node.post("exit workers").status, 200)
        self.addCleanup(self.node.post, "set query pool 3")
        self.assertIn("Query Pool is not declared", self.node.get("get query pool").body)
        self.assertEqual(self.node.get('sql new_company format = json and stat = false "select count(*) from vectors_sensor"').body,
                         '{"Query":[{"count(*)":300}]}')
        self.assertEqual(self.node.post("set query pool 3").status, 200)
        self.assertIn("Query Pool with 3 threads", self.node.get("get query pool").body)

    def test_write_statements(self):
        r = self.node.post('sql new_company "create table notes (id integer)"')
        self.assertEqual(r.status, 200, r)
        r = self.node.post('sql new_company "insert into notes values (7)"')
        self.assertEqual(r.status, 200, r)
        r = self.node.get('sql new_company format = json:list and stat = false "select id from notes"')
        self.assertEqual((r.status, r.header("content-type"), r.body), (200, "text/json", ' [{"id": 7}]'))


if __name__ == "__main__":
    unittest.main(verbosity=2)
