#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Network queries over three real qlake-node processes (query-and-metadata.md §4): two
operators hold alternate halves of a deterministic data set (years of readings with nulls,
strings and floats, loaded by REST PUT streaming and `flush buffers`); a query node that knows
them only from cluster, operator and table policies answers `sql` with `destination: network`,
`run client () sql` and `x = run client () sql`. Every aggregate must equal the answer of one
node over the union (a fourth dbms on the first operator). With an operator killed: subset
answers with the rest and the `Reply errors:` table; without subset, a clear error in time."""
import json
import math
import os
import socket
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import SHARED_DIR, NodeTestCase, QlakeNode, free_port, wait_until  # noqa: E402

ROWS = 4000
COMPANY = "Net Company"
TCP_VECTORS = os.path.join(SHARED_DIR, "vectors", "tcp")
BLOCK = 2048


def reading(i):
    """Row i: every 7 hours from 2022-01-01 (3.2 years), 7 devices, a float with nulls, a string."""
    t = time.gmtime(1640995200 + i * 7 * 3600)
    row = {"timestamp": time.strftime("%Y-%m-%d %H:%M:%S", t), "device": "dev-%d" % (i % 7),
           "value": round(((i * 37 + 300) % 1000) / 7.0 - 20, 3), "status": ("ok", "warn", "fail")[(i * 5) % 3]}
    if i % 25 == 24:  # on both operators
        row["value"] = None
    return row


def tcp_command(port):
    return "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port


QUERIES = [
    "select count(*), min(value), max(value), sum(value), avg(value), count(value), range(value) from readings",
    "select device, count(*), avg(value), min(timestamp), max(timestamp), range(value) from readings group by device",
    "select device, count(*), avg(value) from readings group by device order by avg(value) desc limit 3",
    "select count(distinct device) from readings",
    "select device, count(distinct status), sum(value) from readings group by device order by device",
    "select status, count(*), max(value) from readings where timestamp >= '2023-01-01 00:00:00' group by status order by status",
    "select increments(month, 1, timestamp), device, count(*), avg(value), min(value) from readings where device = 'dev-2' or device = 'dev-5' group by device",
    "select increments(day, 1, timestamp), count(*), max(value) from readings where timestamp < '2022-03-01 00:00:00'",
    "select increments(year, 1, timestamp), count(*), sum(value) from readings",
    "select device, count(*), avg(value) from readings where period(day, 7, '2023-06-01 00:00:00', timestamp) group by device",
    "select timestamp, device, value, status from readings where timestamp < '2022-02-01 00:00:00' order by timestamp desc limit 10",
    "select timestamp, device, value from readings order by value desc, timestamp limit 5",
    "select distinct status from readings order by status",
    "select device, min(value), max(value), range(value) from readings group by device order by max(value) desc, device limit 4",
    "select device, status, sum(value), count(*), count(distinct value) from readings group by device, status order by device, status desc limit 10",
    "select status, avg(value) as mean, count(*) as n from readings group by status order by mean",
    "select increments(hour, 6, timestamp), device, max(value), count(*) from readings where timestamp < '2022-01-10 00:00:00' group by device order by device desc",
    "select count(*), min(timestamp), max(timestamp) from readings where value is null",
]
# include = (...): `extra` is on both operators (other rows), `solo` on the second only. The
# single-node answer over the union: the first operator's netall, holding every row of each.
EXTRA = range(ROWS, ROWS + 600)
SOLO = range(ROWS + 600, ROWS + 800)
INCLUDE_QUERIES = [
    "select count(*), min(value), max(value), sum(value), avg(value), count(value), range(value) from readings",
    "select device, count(*), avg(value), min(timestamp), max(timestamp) from readings group by device",
    "select count(distinct status), count(distinct device) from readings",
    "select increments(year, 1, timestamp), count(*), sum(value) from readings",
    "select device, count(*), avg(value) from readings where period(day, 30, '2025-05-01 00:00:00', timestamp) group by device",
    "select timestamp, device, value from readings order by timestamp desc limit 5",
]
# Plain rows come in operator order: compared as sets.
UNORDERED = ["select timestamp, device, value from readings where device = 'dev-3' and timestamp < '2022-04-01 00:00:00'"]


def same_value(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


class SilentPeer(threading.Thread):
    """A peer that takes every message and never answers."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.messages = 0

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                while conn.recv(65536):
                    pass
            self.messages += 1

    def close(self):
        self.sock.close()


def read_message(conn):
    """Blocks until the one with the last-block flag (byte 35)."""
    data = b""
    while True:
        while len(data) % BLOCK or not data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        if data[-BLOCK + 35] == 1:
            return data


def segments(stream):
    """The rows of job reply blocks: [2-byte length][flag][bytes] pieces, split rows joined."""
    rows, partial = [], b""
    for start in range(0, len(stream), BLOCK):
        block = stream[start:start + BLOCK]
        count = int.from_bytes(block[47:49], "big")
        at = 207 + int.from_bytes(block[39:41], "big")
        for _ in range(count):
            length, flag = int.from_bytes(block[at:at + 2], "big"), block[at + 2]
            partial += block[at + 3:at + 3 + length]
            at += 3 + length
            if flag != 1:
                rows.append(partial.decode())
                partial = b""
    return rows


class ReplayOperator(threading.Thread):
    """An EdgeLake operator replayed from a capture (shared/vectors/tcp/<exchange>): takes one
    request and answers with the captured job reply blocks, the request's job, receiver and
    source address patched in, on a new connection to the requester, as EdgeLake does."""

    def __init__(self, exchange):
        super().__init__(daemon=True)
        with open(os.path.join(TCP_VECTORS, exchange, "02_B-to-A_job_reply.bin"), "rb") as f:
            self.reply = f.read()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.request = None

    def run(self):
        conn, _ = self.sock.accept()
        with conn:
            data = b""
            while len(data) < BLOCK:
                chunk = conn.recv(BLOCK - len(data))
                if not chunk:
                    return
                data += chunk
        self.request = data
        source_port = int.from_bytes(data[201:205], "big")
        out = bytearray(self.reply)
        for start in range(0, len(out), BLOCK):
            out[start + 50:start + 60] = data[50:60]    # job location, job id, receivers, receiver id
            out[start + 72:start + 205] = data[72:205]  # the requester's address, as EdgeLake copies it
        with socket.create_connection(("127.0.0.1", source_port)) as back:
            back.sendall(bytes(out))

    def command(self):
        length = int.from_bytes(self.request[39:41], "big")
        return self.request[207:207 + length].decode()

    def close(self):
        self.sock.close()


class NetworkQueryTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        cls.tcp = {name: free_port() for name in ("op1", "op2", "query")}
        cls.addr = {name: "127.0.0.1:%d" % port for name, port in cls.tcp.items()}
        cls.peers = {}
        for name in ("op1", "op2", "query"):
            commands = [tcp_command(cls.tcp[name]), "create work directories"]
            if name != "query":
                commands += ["connect dbms netq where type = sqlite"]
            else:
                commands += ["connect dbms system_query where type = sqlite and memory = true"]
            if name == "op1":
                commands += ["connect dbms netall where type = sqlite", "connect dbms new_company where type = sqlite"]
            cls.peers[name] = cls.start_class_node(QlakeNode.with_rest(commands))
        rows = [reading(i) for i in range(ROWS)]
        cls.load(cls.peers["op1"], "netq", rows[0::2])
        cls.load(cls.peers["op1"], "netall", rows)
        # The second operator's table from the first one's table policy, as a cluster shares it.
        op2 = cls.peers["op2"]
        assert op2.post("blockchain add %s" % json.dumps(cls.table_policy())).status == 200
        assert op2.post("create table readings where dbms = netq").status == 200
        cls.load(op2, "netq", rows[1::2])
        extra, solo = [reading(i) for i in EXTRA], [reading(i) for i in SOLO]
        cls.load(cls.peers["op1"], "netq", extra[0::2], "extra")
        cls.load(op2, "netq", extra[1::2], "extra")
        cls.load(op2, "netq", solo, "solo")
        cls.load(cls.peers["op1"], "netall", extra, "extra")
        cls.load(cls.peers["op1"], "netall", solo, "solo")
        cls.publish()

    @classmethod
    def load(cls, node, dbms, rows, table="readings"):
        # The first row alone: the table's column types come from a row without nulls (a null in
        # the batch that creates the table makes the column char).
        for start, end in [(0, 1)] + [(s, s + 500) for s in range(1, len(rows), 500)]:
            body = "\n".join(json.dumps(r) for r in rows[start:end])
            r = node.request("PUT", headers={"type": "json", "dbms": dbms, "table": table, "mode": "streaming",
                                             "Content-Type": "text/plain"}, body=body)
            assert r.status == 200, r
        assert node.post("flush buffers").status == 200

        def loaded():
            out = node.get('sql %s format = json and stat = false "select count(*) from %s"' % (dbms, table))
            return out.status == 200 and '"count(*)":%d' % len(rows) in out.body
        wait_until(loaded, 20, what="%d rows in %s.%s" % (len(rows), dbms, table))

    @classmethod
    def table_policy(cls):
        policy = json.loads(cls.peers["op1"].get("blockchain get table where dbms = netq and name = readings").body)[0]
        return {"table": {k: v for k, v in policy["table"].items() if k in ("name", "dbms", "create")}}

    @classmethod
    def publish(cls):
        """The query node's metadata: one cluster per operator hosting netq.readings (and
        extra; solo on the second), the operators, and the table policy the first operator
        declared for readings."""
        query = cls.peers["query"]
        policies = [cls.table_policy()]
        for n, tables in enumerate((["readings", "extra"], ["readings", "extra", "solo"])):
            policies.append({"cluster": {"company": COMPANY, "name": "cluster-%d" % n,
                                         "table": [{"dbms": "netq", "name": t} for t in tables]}})
        for policy in policies:
            assert query.post("blockchain add %s" % json.dumps(policy)).status == 200
        for n, op in enumerate(("op1", "op2")):
            cluster = query.get("blockchain get cluster where name = cluster-%d bring [cluster][id]" % n).body.strip()
            operator = {"operator": {"name": op, "company": COMPANY, "ip": "127.0.0.1", "port": cls.tcp[op], "cluster": cluster}}
            assert query.post("blockchain add %s" % json.dumps(operator)).status == 200

    # --- helpers ------------------------------------------------------------------------------
    def network(self, sql, options="format = json and stat = false", **headers):
        h = {"destination": "network"}
        h.update(headers)
        return self.peers["query"].get('sql netq %s "%s"' % (options, sql), headers=h, timeout=30)

    def local(self, sql, options="format = json and stat = false"):
        return self.peers["op1"].get('sql netall %s "%s"' % (options, sql), timeout=30)

    def rows(self, response):
        self.assertEqual(response.status, 200, response)
        body = json.loads(response.body)
        self.assertIn("Query", body, response.body)
        return body["Query"]

    def assert_same_rows(self, got, expected, sql, ordered=True):
        self.assertEqual(len(got), len(expected), "%s\n%s\n%s" % (sql, got, expected))
        if not ordered:
            key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
            got, expected = sorted(got, key=key), sorted(expected, key=key)
        for g, e in zip(got, expected):
            self.assertEqual(list(g.keys()), list(e.keys()), sql)
            for k in e:
                self.assertTrue(same_value(g[k], e[k]), "%s: %s: %r != %r\n%s\n%s" % (sql, k, g[k], e[k], g, e))

    # --- tests --------------------------------------------------------------------------------
    def test_aggregates_equal_the_single_node_answer(self):
        for sql in QUERIES + UNORDERED:
            expected = self.rows(self.local(sql))
            self.assertTrue(expected, sql)
            got = self.rows(self.network(sql))
            self.assert_same_rows(got, expected, sql, ordered=sql not in UNORDERED)

    def test_include(self):
        """include = (netq.extra, solo): every table's operators get its query, merged as one table."""
        for sql in INCLUDE_QUERIES:
            expected = self.rows(self.local(sql, options="format = json and stat = false and include = (netall.extra, solo)"))
            self.assertTrue(expected, sql)
            got = self.rows(self.network(sql, options="format = json and stat = false and include = (netq.extra, solo)"))
            self.assert_same_rows(got, expected, sql)
        row, = self.rows(self.network("select count(*) from readings", options="include = (extra, solo) and stat = false"))
        self.assertEqual(row["count(*)"], ROWS + len(EXTRA) + len(SOLO))
        r = self.network("select count(*) from readings", options="format = json and include = (extra, solo)")
        self.assertIn('"Nodes": 2}]}', r.body)  # two operators, however many tables each hosts
        # A table no operator hosts adds nothing; @table names each operator's own table.
        row, = self.rows(self.network("select count(*) from readings", options="stat = false and include = (netq.nowhere)"))
        self.assertEqual(row["count(*)"], ROWS)
        r = self.network("select count(*) from readings", options="stat = false and include = (solo) and extend = (@port, @table)")
        got = sorted((row["port"], row["table_name"], row["count(*)"]) for row in self.rows(r))
        self.assertEqual(got, sorted([(self.tcp["op1"], "readings", ROWS // 2), (self.tcp["op2"], "readings", ROWS // 2),
                                      (self.tcp["op2"], "solo", len(SOLO))]))
        # Explicit destinations: each operator gets the include option and runs every table it has.
        query = self.peers["query"]
        r = query.post('run client (%s) sql netq format = json and stat = false and include = (extra) "select count(*) from readings"'
                       % self.addr["op2"], timeout=30)
        self.assertEqual(self.rows(r), [{"count(*)": ROWS // 2 + len(EXTRA) // 2}])
        # ... and leaves out those it does not have (the first has no solo).
        r = query.post('run client (%s, %s) sql netq format = json and stat = false and include = (extra, solo) "select count(*) from readings"'
                       % (self.addr["op1"], self.addr["op2"]), timeout=30)
        self.assertEqual(self.rows(r), [{"count(*)": ROWS + len(EXTRA) + len(SOLO)}])

    def test_output_table(self):
        """table = NAME: the merge table stays in the query node's system_query under that name;
        it is dropped when the next query starts, unless drop = false, which adds the new rows."""
        query = self.peers["query"]
        sql = "select device, count(*), avg(value) from readings group by device order by device"
        expected = self.rows(self.local(sql))

        def kept_rows():
            r = query.get('sql system_query format = json and stat = false "select count(*) from kept"')
            return self.rows(r)[0]["count(*)"]
        for options in ("table = kept", "table = kept and drop = true"):
            got = self.rows(self.network(sql, options="format = json and stat = false and " + options))
            self.assert_same_rows(got, expected, options)
            self.assertEqual(kept_rows(), 14, options)  # one row per device from each operator
        got = self.rows(self.network(sql, options="format = json and stat = false and table = kept and drop = false"))
        doubled = [dict(row, **{"count(*)": row["count(*)"] * 2}) for row in expected]
        self.assert_same_rows(got, doubled, "drop = false")
        self.assertEqual(kept_rows(), 28)
        # Another name leaves this one alone.
        self.rows(self.network("select count(*) from readings", options="stat = false and table = other_kept"))
        self.assertEqual(kept_rows(), 28)
        # Without system_query on the node, a clear error.
        r = self.peers["op1"].post('run client (%s) sql netq table = kept "select count(*) from readings"' % self.addr["op2"], timeout=30)
        self.assertIn("system_query", r.body)

    def test_dest_file(self):
        """dest = file: the answer a caller would get goes into the file (a `*` suffix makes a
        new name per query); the caller gets an ordinary success. kafka/buffer are refused."""
        query = self.peers["query"]
        sql = "select device, count(*), avg(value) from readings group by device order by device"
        expected = self.network(sql).body
        out = os.path.join(query.home, "answers", "devices.json")
        r = self.network(sql, options="format = json and stat = false and dest = file and file = %s" % out)
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("Query", r.body)
        with open(out) as f:
            self.assertEqual(f.read(), expected)
        self.assert_same_rows(json.loads(expected)["Query"], self.rows(self.local(sql)), sql)
        unique = os.path.join(query.home, "answers", "q_")
        for _ in range(2):
            r = query.post('run client () sql netq format = table and stat = false and dest = file and file = %s* "%s"' % (unique, sql), timeout=30)
            self.assertEqual(r.status, 200, r)
            time.sleep(0.01)
        written = sorted(n for n in os.listdir(os.path.dirname(unique)) if n.startswith("q_"))
        self.assertEqual(len(written), 2, written)
        with open(os.path.join(os.path.dirname(unique), written[0])) as f:
            self.assertIn("dev-6", f.read().splitlines()[-1])
        r = self.network(sql, options="dest = kafka@127.0.0.1:9092 and topic = t")
        self.assertIn("not supported", r.body)
        r = self.network(sql, options="dest = file")
        self.assertIn("Missing 'file'", r.body)

    def test_known_totals(self):
        """Independent of the local query: the totals Python computes over the data."""
        data = [reading(i) for i in range(ROWS)]
        values = [r["value"] for r in data if r["value"] is not None]
        row, = self.rows(self.network("select count(*), count(value), min(value), max(value), sum(value), avg(value), "
                                      "count(distinct device), count(distinct status) from readings"))
        self.assertEqual(row["count(*)"], ROWS)
        self.assertEqual(row["count(value)"], len(values))
        self.assertEqual(row["min(value)"], min(values))
        self.assertEqual(row["max(value)"], max(values))
        self.assertTrue(math.isclose(row["sum(value)"], sum(values), rel_tol=1e-9))
        self.assertTrue(math.isclose(row["avg(value)"], sum(values) / len(values), rel_tol=1e-9))
        self.assertEqual(row["count(distinct device)"], 7)
        self.assertEqual(row["count(distinct status)"], 3)

    def test_statistics_and_table_format(self):
        r = self.network("select device, count(*) from readings group by device", options="format = json")
        self.assertEqual(r.status, 200, r)
        self.assertIn('"Statistics":[{"Count": 7,', r.body)
        self.assertIn('"Nodes": 2}]}', r.body)
        r = self.network("select device, count(*) from readings group by device order by device", options="format = table")
        lines = [l for l in r.body.splitlines() if l.strip()]
        self.assertIn("dev-0", lines[2])
        self.assertIn("%d" % len([i for i in range(ROWS) if i % 7 == 0]), lines[2])

    def test_extend(self):
        """extend = (@ip, @port, +node_name): each operator's own values, one group per operator."""
        r = self.network("select count(*), max(value) from readings", options="format = json and stat = false and extend = (@ip, @port, @dbms)")
        rows = sorted(self.rows(r), key=lambda row: row["port"])
        ports = sorted([self.tcp["op1"], self.tcp["op2"]])
        self.assertEqual([(row["ip"], row["port"], row["dbms_name"], row["count(*)"]) for row in rows],
                         [("127.0.0.1", ports[0], "netq", ROWS // 2), ("127.0.0.1", ports[1], "netq", ROWS // 2)])
        r = self.network("select device, value from readings where device = 'dev-1' and value > 100", options="format = json and stat = false and extend = (@port)")
        self.assertEqual(sorted(set(row["port"] for row in self.rows(r))), ports)

    def test_run_client_forms(self):
        query = self.peers["query"]
        sql = 'sql netq format = json and stat = false "select count(*), avg(value) from readings"'
        expected = self.rows(self.local("select count(*), avg(value) from readings"))
        r = query.post("run client () %s" % sql, timeout=30)
        self.assert_same_rows(self.rows(r), expected, "run client ()")
        r = query.post("run client (%s, %s) %s" % (self.addr["op1"], self.addr["op2"], sql), timeout=30)
        self.assert_same_rows(self.rows(r), expected, "run client (list)")
        self.assertEqual(query.post("x = run client () %s" % sql, timeout=30).status, 200)
        r = query.get("get !x")
        self.assertEqual(r.status, 200, r)
        self.assert_same_rows(json.loads(r.body[r.body.index("{"):])["Query"], expected, "x = run client ()")

    def test_peer_cannot_modify_operator(self):
        r = self.peers["query"].post('run client (%s) sql netq "drop table readings"' % self.addr["op1"], timeout=30)
        self.assertNotEqual(json.loads(r.body).get("err_code", 0), 0, r)
        expected = self.rows(self.peers["op1"].get('sql netq format = json and stat = false "select count(*) from readings"'))
        self.assertEqual(expected, [{"count(*)": ROWS // 2}])

    def test_query_an_edgelake_operator(self):
        """A Qlake query node against EdgeLake's captured operator replies (c3, c4): it sends
        the captured command and answers the caller with the captured REST body."""
        query = self.peers["query"]
        if "vectors_sensor" not in query.get("blockchain get table where dbms = new_company").body:
            with open(os.path.join(TCP_VECTORS, "e_blockchain_insert", "02_A-to-B_file_write_ledger.bin"), "rb") as f:
                ledger = f.read()
            start = ledger.index(b'{"table": {"name": "vectors_sensor"')
            policy = json.loads(ledger[start:ledger.index(b"\n", start)].decode())
            self.assertEqual(query.post("blockchain add %s" % json.dumps(policy)).status, 200)
        for exchange in ("c3_sql_group_by_dest", "c4_sql_select_limit200_dest"):
            with open(os.path.join(TCP_VECTORS, "rest", exchange + ".meta"), encoding="utf-8") as f:
                meta = json.load(f)
            with open(os.path.join(TCP_VECTORS, "rest", exchange + ".out"), encoding="utf-8") as f:
                expected = f.read()
            with open(os.path.join(TCP_VECTORS, exchange, "01_A-to-B_sql_request.json"), encoding="utf-8") as f:
                captured_command = json.load(f)["block_list"][0]["header"]["command"]
            operator = ReplayOperator(exchange)
            operator.start()
            self.addCleanup(operator.close)
            r = query.get(meta["request"]["headers"]["command"], headers={"destination": "127.0.0.1:%d" % operator.port}, timeout=30)
            self.assertEqual(operator.command(), captured_command, exchange)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.header("content-type"), meta["content_type"], exchange)
            self.assertEqual(r.body, expected, exchange)

    def test_answer_an_edgelake_query_node(self):
        """A Qlake operator holding the captures' data answers EdgeLake's captured request
        blocks (c1 group by, c2 select * limit 200) with the captured reply."""
        op1 = self.peers["op1"]
        with open(os.path.join(SHARED_DIR, "vectors", "outputs", "put_streaming_ok_vectors_sensor_nodeB.meta"), encoding="utf-8") as f:
            meta = json.load(f)
        if '"count(*)":300' not in op1.get('sql new_company format = json "select count(*) from vectors_sensor"').body:
            with open(os.path.join(SHARED_DIR, "vectors", "outputs", meta["request"]["body_file"]), "rb") as f:
                body = f.read()
            headers = {k: v for k, v in meta["request"]["headers"].items() if k not in ("Host", "User-Agent", "Content-Length")}
            self.assertEqual(op1.request("PUT", headers=headers, body=body).status, 200)
            op1.post("flush buffers")
            wait_until(lambda: '"count(*)":300' in op1.get('sql new_company format = json "select count(*) from vectors_sensor"').body,
                       15, what="the captures' 300 rows")
        for exchange in ("c1_sql_group_by", "c2_sql_select_limit200"):
            with open(os.path.join(TCP_VECTORS, exchange, "01_A-to-B_sql_request.bin"), "rb") as f:
                request = bytearray(f.read())
            with open(os.path.join(TCP_VECTORS, exchange, "02_B-to-A_job_reply.bin"), "rb") as f:
                captured = f.read()
            listener = socket.socket()
            self.addCleanup(listener.close)
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            listener.settimeout(15)
            request[201:205] = listener.getsockname()[1].to_bytes(4, "big")
            with socket.create_connection(("127.0.0.1", self.tcp["op1"])) as out:
                out.sendall(bytes(request))
            conn, _ = listener.accept()
            with conn:
                reply = read_message(conn)
            self.assertEqual(len(reply), len(captured), exchange)
            got, want = segments(reply), segments(captured)
            self.assertEqual(len(got), len(want), exchange)
            if exchange.startswith("c1"):
                # Everything but the source port (ours) is the captured bytes.
                used = 207 + int.from_bytes(captured[43:47], "big")
                expected = captured[:201] + bytes(request[201:205]) + captured[205:used]
                self.assertEqual(reply[:used], expected)
            else:
                # The system columns hold this node's ingestion; the data columns are the capture's.
                for g, w in zip(got, want):
                    g, w = json.loads(g)["Query"][0], json.loads(w)["Query"][0]
                    self.assertEqual(list(g), list(w))
                    self.assertEqual([g["4"], g["5"], g["6"]], [w["4"], w["5"], w["6"]])

    def test_silent_operator(self):
        """An operator that never answers: a timeout error (26) after the timeout, or with
        subset the others' rows and a `No reply` row in the error table."""
        peer = SilentPeer()
        peer.start()
        self.addCleanup(peer.close)
        query = self.peers["query"]
        sql = 'sql netq format = json and stat = false "select count(*) from readings"'
        start = time.monotonic()
        r = query.post("run client (%s, 127.0.0.1:%d, timeout = 2) %s" % (self.addr["op1"], peer.port, sql), timeout=30)
        elapsed = time.monotonic() - start
        self.assertTrue(1.5 < elapsed < 8, elapsed)
        error = json.loads(r.body)
        self.assertEqual(error["err_code"], 26, r.body)
        self.assertIn("127.0.0.1:%d" % peer.port, error["local_msg"])
        r = query.post("run client (%s, 127.0.0.1:%d, timeout = 2, subset = true) %s" % (self.addr["op1"], peer.port, sql), timeout=30)
        body, _, errors = r.body.partition("Reply errors:")
        self.assertEqual(json.loads(body)["Query"], [{"count(*)": ROWS // 2}])
        self.assertIn(str(peer.port), errors)
        self.assertIn("No reply", errors)
        self.assertEqual(peer.messages, 2)

    def test_query_status_explain_and_job_stop(self):
        """The query node keeps its network queries: `query status` shows each operator's part,
        `query explain` the split, `get queries time` counts them; `job stop` ends one that
        waits on a silent operator, and its caller gets error 37 at once."""
        query = self.peers["query"]
        before = json.loads(query.get("get queries time where format = json").body)["Queries Statistics"]
        self.assertEqual(self.rows(self.network("select count(*) from readings")), [{"count(*)": ROWS}])
        status = query.get("query status").body
        lines = status.split("\r\n")
        self.assertEqual(lines[1].split(), ["Job", "ID", "Output", "Run", "Time", "Operator", "Par", "Status", "Blocks", "Rows", "Command"])
        summary = [cell.strip() for cell in lines[3].split("|")]
        self.assertEqual(summary[2:9], ["['rest']", summary[3], "All", "---", "Completed", summary[7], "2"], status)
        self.assertEqual(summary[9], "select count(*) from readings")
        operators = sorted(cell.strip() for line in lines[4:6] for cell in line.split("|")[4:5])
        self.assertEqual(operators, sorted([self.addr["op1"], self.addr["op2"]]), status)
        self.assertTrue(all("|Completed|" in line.replace(" ", "") for line in lines[4:6]), status)
        explain = query.get("query explain").body
        self.assertIn("Source Command|select count(*) from readings", explain)
        self.assertRegex(explain, r"Remote Query +\|select count\(\*\)")
        self.assertRegex(explain, r"(?i)Local Query +\|select sum\(count_all_1\) from query_\d+")
        after = json.loads(query.get("get queries time where format = json").body)["Queries Statistics"]
        self.assertEqual(int(after["Total queries"]), int(before["Total queries"]) + 1)
        self.assertIn("Up to  1 sec.: ", query.get("get queries time").body)

        peer = SilentPeer()
        peer.start()
        self.addCleanup(peer.close)
        outcome = {}

        def waiting_query():
            start = time.monotonic()
            r = query.post('run client (127.0.0.1:%d, timeout = 30) sql netq format = json "select count(*) from readings"' % peer.port, timeout=60)
            outcome["elapsed"], outcome["body"] = time.monotonic() - start, r.body

        caller = threading.Thread(target=waiting_query)
        caller.start()
        active = wait_until(lambda: [line for line in query.get("job active all").body.split("\r\n")
                                     if line.strip() and line.split()[0].isdigit() and "Receiving Data" in line], 10, what="the job active")
        slot = active[0].split()[0]
        self.assertEqual(query.post("job stop %s" % slot).body, '{"job %s status":"stoped"}' % slot)
        caller.join(20)
        self.assertFalse(caller.is_alive())
        self.assertLess(outcome["elapsed"], 10)
        self.assertEqual(json.loads(outcome["body"])["err_code"], 37, outcome["body"])
        self.assertIn("|Stopped|", query.get("query status %s" % slot).body.replace(" ", ""))
        self.assertIn("Not Active", query.post("job stop %s" % slot).body)
        self.assertEqual(query.get("job active all").body.count("Receiving Data"), 0)

    def test_operator_error(self):
        """An operator that fails the query (op2 has no netall): its code and text reach the
        caller; with subset the rows of the others come with the error table."""
        query = self.peers["query"]
        policy = self.table_policy()
        policy["table"]["dbms"] = "netall"
        if "netall" not in query.get("blockchain get table where dbms = netall").body:
            self.assertEqual(query.post("blockchain add %s" % json.dumps(policy)).status, 200)
        sql = 'sql netall format = json and stat = false "select count(*) from readings"'
        r = query.post("run client (%s) %s" % (self.addr["op2"], sql), timeout=30)
        error = json.loads(r.body)
        self.assertEqual(error["err_code"], 45, r.body)
        self.assertIn("From operator at: %s" % self.addr["op2"], error["operaor_msg"])  # EdgeLake's key
        r = query.post("run client (%s, %s, subset = true) %s" % (self.addr["op1"], self.addr["op2"], sql), timeout=30)
        body, _, errors = r.body.partition("Reply errors:")
        self.assertEqual(json.loads(body)["Query"], [{"count(*)": ROWS}])
        self.assertIn(str(self.tcp["op2"]), errors)
        self.assertIn("45", errors)

    def test_zz_operator_down(self):
        """Runs last (it kills the second operator)."""
        sql = "select device, count(*) from readings group by device order by device"
        half = self.rows(self.peers["op1"].get('sql netq format = json and stat = false "%s"' % sql))
        self.peers["op2"].kill()
        start = time.monotonic()
        r = self.network(sql, options="format = json", subset="true", timeout="5")
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(r.status, 200, r)
        body, _, errors = r.body.partition("Reply errors:")
        got = json.loads(body.strip().replace("\r\n", "\n"))
        self.assert_same_rows(got["Query"], half, sql)
        self.assertEqual(got["Statistics"][0]["Target Nodes"], 2)
        self.assertEqual(got["Statistics"][0]["Participating Nodes"], 1)
        self.assertIn(str(self.tcp["op2"]), errors)
        self.assertIn("208", errors)
        start = time.monotonic()
        r = self.network(sql, timeout="5")
        self.assertLess(time.monotonic() - start, 10)
        error = json.loads(r.body)
        self.assertEqual(error["err_code"], 208, r.body)
        self.assertIn(self.addr["op2"], error["local_msg"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
