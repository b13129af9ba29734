#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The `sql` command on a PostgreSQL database of the real qlake-node: SELECT * expanded from
information_schema, increments() bucketed by PostgreSQL's own date functions, period() with
its leading query, timestamps printed as EdgeLake prints them, max_time through
statement_timeout, and a write statement.

Like 10-ledger-postgresql.py the test brings its own throwaway PostgreSQL: it re-runs itself
under Debian's `pg_virtualenv` (package postgresql-common). Without PostgreSQL it fails."""
import json
import os
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, run_inside_pg_virtualenv  # noqa: E402

ROWS = 300  # vectors_sensor's shape: one a minute from 2025-01-01, three devices


def psql(sql, database="postgres"):
    p = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-d", database, "-c", sql],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("psql %r failed (%d): %s" % (sql, p.returncode, p.stderr))
    return p.stdout


class SqlPostgresTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        psql("create database lab")
        psql("create table readings (timestamp timestamp, device varchar, value double precision)", "lab")
        psql("insert into readings select timestamp '2025-01-01 00:00:00' + i * interval '1 minute', "
             "'sensor-' || (i %% 3 + 1), round(i * 0.37, 2) from generate_series(0, %d) as i" % (ROWS - 1), "lab")
        connect = ("connect dbms lab where type = psql and ip = %s and port = %s and user = %s and password = %s"
                   % (os.environ.get("PGHOST", "127.0.0.1"), os.environ["PGPORT"], os.environ["PGUSER"], os.environ["PGPASSWORD"]))
        node = QlakeNode.with_rest([connect], env={"TZ": "UTC"})
        cls.start_class_node(node)
        cls.node = node

    def rows(self, query):
        r = self.node.get('sql lab format = json:output and stat = false "%s"' % query)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "text/json")
        return [json.loads(line) for line in r.body.split("\n")]

    def test_select_star_and_timestamps(self):
        r = self.node.get('sql lab format = json and stat = false "select * from readings order by timestamp limit 2"')
        self.assertEqual(r.body, '{"Query": [{"timestamp": "2025-01-01 00:00:00", "device": "sensor-1", "value": 0.0},'
                                 '{"timestamp": "2025-01-01 00:01:00", "device": "sensor-2", "value": 0.37}]}')

    def test_increments(self):
        got = self.rows("select increments(minute, 10, timestamp), min(timestamp) as first, count(*), max(value) from readings")
        self.assertEqual(len(got), 30)
        self.assertEqual(got[0], {"first": "2025-01-01 00:00:00", "count(*)": 10, "max(value)": 3.33})
        self.assertEqual(got[29], {"first": "2025-01-01 04:50:00", "count(*)": 10, "max(value)": 110.63})

    def test_period(self):
        got = self.rows("select device, count(*) from readings where period(hour, 1, '2025-01-01 02:30:00', timestamp) "
                        "group by device order by device")
        self.assertEqual(got, [{"device": "sensor-1", "count(*)": 21}, {"device": "sensor-2", "count(*)": 20},
                               {"device": "sensor-3", "count(*)": 20}])

    def test_table_format(self):
        r = self.node.get('sql lab format = table "select device, max(value)::float(1) from readings group by device order by device"')
        self.assertEqual(r.header("content-type"), "text")
        self.assertTrue(r.body.startswith("\ndevice   max(value)\n-------- ---------- \nsensor-1      109.9 \n"), r.body)

    def test_max_time(self):
        r = self.node.get('sql lab format = json and max_time = 1 second "select count(*) from readings where value < '
                          '(select count(*) from generate_series(1, 100000000))"')
        self.assertEqual(r.status, 200, r)
        self.assertEqual(json.loads(r.body)["err_code"], 76)

    def test_write(self):
        self.assertEqual(self.node.post('sql lab "create table notes (id integer)"').status, 200)
        self.assertEqual(self.node.post('sql lab "insert into notes values (3)"').status, 200)
        self.assertEqual(psql("select id from notes", "lab").strip(), "3")


if __name__ == "__main__":
    run_inside_pg_virtualenv(__file__)
    unittest.main(verbosity=2)
