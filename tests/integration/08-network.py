#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The peer network of three real qlake-node processes (query-and-metadata.md §5-§10,
services.md §2-§3): a master keeping the ledger in SQLite, an operator and a query node syncing
from it every second. Policies published through the master reach every node; `run client` and
the REST `destination` header reach peers in every destination form; a fake peer that answers
half a message, and garbage on the TCP port, leave the nodes serving."""
import hashlib
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, free_port, wait_until, table_rows  # noqa: E402

SYNC_SECONDS = 1
# A policy travels: push to the master, the master's table-to-file sync, then each member's
# pull; each leg waits at most one period. The margin covers a loaded CI machine.
ARRIVAL_BOUND = 3 * SYNC_SECONDS + 7

BLOCK = 2048
HEADER = 207

# The user policy of EdgeLake's golden vectors and the id EdgeLake gave it (edgelake-network.md §1).
VECTORS_POLICY = ('{"vectors_policy": {"name": "vectors-policy-1", "company": "New Company", '
                  '"note": "golden vector test policy", "value": 42}}')
VECTORS_POLICY_ID = "e411d5f24bd47b93a971dfa134406c7f"
# The cluster id is the MD5 of "cluster:company:<c>:name:<n>:" (vector ✔ in the same section).
CLUSTER_POLICY = '{"cluster": {"company": "New Company", "name": "edgelake-cluster"}}'
CLUSTER_POLICY_ID = "16c06cb1958ff161791cf81c91680651"


def edgelake_id(policy_text):
    """EdgeLake's id of a policy that is not a table or cluster: MD5 of the Python repr of the
    dict, keys in document order (policies.py add_json_id_date)."""
    return hashlib.md5(str(json.loads(policy_text)).encode("utf-8")).hexdigest()


def tcp_command(port):
    return "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port



def block_header(counter, last, info_type, command_length, data_length, job_location=0, job_id=0,
                 receivers=1, receiver_id=0, source_ip="127.0.0.1", source_port=0, generic_flag=0):
    """A 207-byte block header (query-and-metadata.md §10), big-endian."""
    h = bytearray(HEADER)
    struct.pack_into(">I", h, 30, counter)
    h[35] = 1 if last else 0
    h[36] = info_type
    struct.pack_into(">HHHI", h, 37, 0, command_length, 0, data_length)
    struct.pack_into(">HI", h, 50, job_location, job_id)
    struct.pack_into(">HH", h, 56, receivers, receiver_id)
    ip = source_ip.encode()
    h[72] = len(ip)
    h[73:73 + len(ip)] = ip
    struct.pack_into(">IH", h, 201, source_port, generic_flag)
    return bytes(h)


def recv_exactly(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


class FakePeer(threading.Thread):
    """A peer on its own port that reads one command block per connection and then either
    says nothing ("silent") or sends back the first block of a two-block `print` reply to the
    sender's listening address and closes ("half")."""

    def __init__(self, mode):
        super().__init__(daemon=True)
        self.mode = mode
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.commands = []
        self.reply_to = []  # (ip, port) of each command's header, as sent
        self.errors = []
        self.held = []  # silent mode keeps the connections open
        self.stopped = False

    def address(self):
        return "127.0.0.1:%d" % self.port

    def run(self):
        while not self.stopped:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            try:
                self.serve(conn)
            except Exception as e:  # noqa: BLE001 - reported by the test
                self.errors.append(repr(e))

    def serve(self, conn):
        block = recv_exactly(conn, BLOCK)
        if len(block) < BLOCK:
            conn.close()
            return
        command_length, = struct.unpack_from(">H", block, 39)
        job_location, job_id = struct.unpack_from(">HI", block, 50)
        receivers, receiver_id = struct.unpack_from(">HH", block, 56)
        ip_length = block[72]
        reply_ip = block[73:73 + ip_length].decode() or "127.0.0.1"
        reply_port, = struct.unpack_from(">I", block, 201)
        self.reply_to.append((block[73:73 + ip_length].decode(), reply_port))
        self.commands.append(block[HEADER:HEADER + command_length].decode("utf-8", "replace"))
        if self.mode == "silent":
            self.held.append(conn)
            return
        conn.close()
        command = b"print"
        data = b"half of a reply " * ((BLOCK - HEADER - len(command)) // 16)
        first = block_header(1, False, 4, len(command), len(command) + len(data), job_location, job_id, receivers,
                             receiver_id, "127.0.0.1", self.port, 1) + command + data
        first = first.ljust(BLOCK, b"\0")
        with socket.create_connection((reply_ip, reply_port), timeout=5) as s:
            s.sendall(first)  # block 1 of 2, and never block 2

    def close(self):
        self.stopped = True
        self.listener.close()
        for c in self.held:
            c.close()


class NetworkTest(NodeTestCase):
    """Three nodes shared by the class; the policies are published once (publish())."""

    @classmethod
    def setUpClass(cls):
        cls.tcp = {name: free_port() for name in ("master", "operator", "query")}
        cls.addr = {name: "127.0.0.1:%d" % port for name, port in cls.tcp.items()}
        master = cls.addr["master"]
        cls.master = cls.start_class_node(QlakeNode.with_rest([
            tcp_command(cls.tcp["master"]),
            "connect dbms blockchain where type = sqlite",
            "blockchain create table",
            "run blockchain sync where source = dbms and time = %d second and dest = file" % SYNC_SECONDS,
        ]))
        member_sync = ("run blockchain sync where source = master and time = %d second and dest = file and connection = %s"
                       % (SYNC_SECONDS, master))
        cls.operator = cls.start_class_node(QlakeNode.with_rest([tcp_command(cls.tcp["operator"]), member_sync]))
        cls.query = cls.start_class_node(QlakeNode.with_rest([tcp_command(cls.tcp["query"]), member_sync]))
        cls.all = {"master": cls.master, "operator": cls.operator, "query": cls.query}
        cls.published = None

    # --- helpers ----------------------------------------------------------------------------
    def post_ok(self, node, command, **kw):
        r = node.post(command, **kw)
        self.assertEqual(r.status, 200, "POST %r: %r" % (command, r))
        return r

    def get_ok(self, node, command, **kw):
        r = node.get(command, **kw)
        self.assertEqual(r.status, 200, "GET %r: %r" % (command, r))
        return r

    def policies(self, node):
        body = self.get_ok(node, "blockchain get *").body.strip()
        return json.loads(body) if body else []

    def status_reply(self, name):
        """`get status` of a node as `run client` shows it: one short line."""
        a = self.addr[name]
        return r"\r\n\[From Node %s\] \S+@%s running" % (re.escape(a), re.escape(a))

    def error_texts(self, node):
        return [row["Text"] for row in json.loads(self.get_ok(node, "get error log where format = json").body)]

    def publish(self):
        """Publishes, through the master, a master policy from the master node, a cluster and an
        operator policy from the operator node, and the golden user policy from the query node;
        returns {type: id} once every node holds all of them (bounded wait)."""
        cls = type(self)
        if cls.published is not None:
            return cls.published
        master = self.addr["master"]
        op_port = self.tcp["operator"]
        texts = {
            "master": ('{"master": {"name": "master-node", "company": "New Company", "ip": "127.0.0.1", "port": %d, "rest_port": %d}}'
                       % (self.tcp["master"], self.master.port)),
            "cluster": CLUSTER_POLICY,
            # EdgeLake's operators reference a cluster (research §2); the cluster is in the
            # operator node's local ledger (local = true) before the operator policy goes in.
            "operator": ('{"operator": {"name": "operator-node", "company": "New Company", "ip": "127.0.0.1", "local_ip": "127.0.0.1", '
                         '"port": %d, "rest_port": %d, "cluster": "%s"}}' % (op_port, self.operator.port, CLUSTER_POLICY_ID)),
            "vectors_policy": VECTORS_POLICY,
        }
        expected = {"master": edgelake_id(texts["master"]), "cluster": CLUSTER_POLICY_ID,
                    "operator": edgelake_id(texts["operator"]), "vectors_policy": VECTORS_POLICY_ID}
        self.assertEqual(edgelake_id(VECTORS_POLICY), VECTORS_POLICY_ID)  # the test's own algorithm
        for kind, node in (("master", self.master), ("cluster", self.operator), ("operator", self.operator),
                           ("vectors_policy", self.query)):
            self.post_ok(node, "new_policy = %s" % texts[kind])
            self.post_ok(node, "blockchain insert where policy = !new_policy and local = true and master = %s" % master)
            # local = true: the publishing node holds it at once, flagged local, with EdgeLake's id.
            mine = [p[kind] for p in self.policies(node) if kind in p]
            self.assertEqual([p["id"] for p in mine], [expected[kind]], "%s on the publishing node" % kind)
            self.assertIn(mine[0]["ledger"], ("local", "global"))

        def everywhere():
            for name, node in self.all.items():
                got = {}
                for p in self.policies(node):
                    (kind, body), = p.items()
                    if body.get("ledger") != "global":
                        return False
                    got[kind] = body["id"]
                if got != expected:
                    return False
            return True

        start = time.monotonic()
        wait_until(everywhere, ARRIVAL_BOUND, interval=0.1, what="the 4 policies, global, on every node")
        sys.stderr.write("  (policies everywhere after %.1f s) " % (time.monotonic() - start))
        cls.published = expected
        return expected

    # --- metadata -----------------------------------------------------------------------------
    def test_policies_reach_every_node(self):
        ids = self.publish()
        # The same ledger everywhere: the same version, the MD5 of each node's ledger file.
        def versions():
            out = {}
            for name, node in self.all.items():
                out[name] = self.get_ok(node, "get metadata version").body.strip()
            return out if len(set(out.values())) == 1 else None
        got = wait_until(versions, ARRIVAL_BOUND, interval=0.1, what="one metadata version on the 3 nodes")
        version = got["master"]
        self.assertRegex(version, r"^[0-9a-f]{32}$")
        for name, node in self.all.items():
            with open(os.path.join(node.home, "blockchain", "blockchain.json"), "rb") as f:
                self.assertEqual(hashlib.md5(f.read()).hexdigest(), version, name)
        # The golden id, and the attributes as published, on every node.
        for node in self.all.values():
            user = [p["vectors_policy"] for p in self.policies(node) if "vectors_policy" in p]
            self.assertEqual(len(user), 1)
            self.assertEqual(user[0]["id"], VECTORS_POLICY_ID)
            self.assertEqual((user[0]["name"], user[0]["value"]), ("vectors-policy-1", 42))
            self.assertRegex(user[0]["date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
            op = json.loads(self.get_ok(node, "blockchain get operator").body)
            self.assertEqual([p["operator"]["id"] for p in op], [ids["operator"]])
            self.assertEqual(self.get_ok(node, "blockchain get operator bring.ip_port").body.strip(), self.addr["operator"])
        # get synchronizer: the members pull from the master, the master from its table.
        for name in ("operator", "query"):
            row = table_rows(self.get_ok(self.all[name], "get synchronizer").body)[0]
            self.assertEqual(row[:4], ["Running", "master", self.addr["master"], str(SYNC_SECONDS)], name)
            self.assertEqual((row[4], row[8]), (version, "4"), name)
        row = table_rows(self.get_ok(self.master, "get synchronizer").body)[0]
        self.assertEqual(row[:5], ["Running", "DBMS", "table blockchain.ledger", str(SYNC_SECONDS), version])

    def test_duplicate_policy_is_refused(self):
        self.publish()
        self.post_ok(self.query, "dup_policy = %s" % VECTORS_POLICY)
        # Locally: the id is already in the ledger.
        r = self.query.post("blockchain insert where policy = !dup_policy and local = true and master = %s" % self.addr["master"])
        self.assertEqual(r.status, 400, r)
        self.assertIn("duplicate id: '%s' for policy type: 'vectors_policy'" % VECTORS_POLICY_ID, json.loads(r.body)["local_msg"])
        # On the master: its table refuses the id.
        self.post_ok(self.master, "dup_policy = %s" % VECTORS_POLICY)
        r = self.master.post("blockchain push !dup_policy")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(json.loads(r.body)["err_code"], 30)
        # Pushed from a member (local = false): the master refuses it and tells the member.
        told = "[From Node %s]" % self.addr["master"]
        before = self.operator.stdout().count(told)
        self.post_ok(self.operator, "dup_policy = %s" % VECTORS_POLICY)
        self.post_ok(self.operator, "blockchain insert where policy = !dup_policy and local = false and master = %s" % self.addr["master"])
        wait_until(lambda: any("blockchain push" in t and VECTORS_POLICY_ID in t for t in self.error_texts(self.master)), 5,
                   what="the refused push in the master's error log")
        wait_until(lambda: self.operator.stdout().count(told) > before, 5, what="the master's refusal on the operator's console")
        self.assertEqual(len([p for p in self.policies(self.master) if "vectors_policy" in p]), 1)

    def test_sync_wake_and_processes(self):
        self.assertEqual(self.operator.post("run blockchain sync").status, 200)
        processes = json.loads(self.get_ok(self.operator, "get processes where format = json").body)
        self.assertEqual(processes["TCP"], {"Status": "Running", "Details": "Listening on: %s, Threads Pool: 6" % self.addr["operator"]})
        self.assertEqual(processes["Blockchain Sync"],
                         {"Status": "Running", "Details": "Sync every %d seconds with master using: %s" % (SYNC_SECONDS, self.addr["master"])})
        master = json.loads(self.get_ok(self.master, "get processes where format = json").body)
        self.assertEqual(master["Blockchain Sync"]["Status"], "Running")
        self.assertTrue(master["Blockchain Sync"]["Details"].startswith("Sync every %d seconds" % SYNC_SECONDS), master["Blockchain Sync"])
        # The text form has the same rows.
        text = self.get_ok(self.query, "get processes").body
        rows = {line[4:19].strip(): line for line in text.split("\r\n") if line.startswith("    ") and "|" in line}
        self.assertIn("|Running     |Listening on: %s, Threads Pool: 6" % self.addr["query"], rows["TCP"])
        self.assertIn("|Running     |Sync every %d seconds with master using: %s" % (SYNC_SECONDS, self.addr["master"]),
                      rows["Blockchain Sync"])

    def test_connections_and_tcp_pool(self):
        for name, node in self.all.items():
            rows = table_rows(self.get_ok(node, "get connections").body)
            a = self.addr[name]
            self.assertEqual(rows[0], ["TCP", a, a, a], name)  # bind = true: bound to the one address
            got = json.loads(self.get_ok(node, "get connections where format = json").body)
            self.assertEqual(got["TCP"], {"external": a, "local": a, "bind": a})
            line = self.get_ok(node, "get tcp pool").body.strip("\r\n")
            self.assertTrue(line.startswith("TCP Pool with 6 threads:"), repr(line))
            self.assertRegex(line[60:], r"^\[[01](, [01]){5}\] \(\d+\)$")

    # --- run client ---------------------------------------------------------------------------
    def test_run_client_single_and_list(self):
        r = self.post_ok(self.query, "run client (%s) get status" % self.addr["operator"])
        self.assertRegex(r.body, "^%s$" % self.status_reply("operator"))
        r = self.post_ok(self.query, "run client (%s, %s) get status" % (self.addr["operator"], self.addr["master"]))
        self.assertRegex(r.body, "^%s%s$" % (self.status_reply("operator"), self.status_reply("master")))
        # A long or multi-line reply goes on its own line after the prefix.
        r = self.post_ok(self.query, "run client (%s) get processes" % self.addr["master"])
        self.assertTrue(r.body.startswith("\r\n[From Node %s]\r\n" % self.addr["master"]), repr(r.body[:80]))
        self.assertIn("Blockchain Sync|Running", r.body)

    def test_run_client_variable(self):
        self.post_ok(self.query, "peer_list = %s,%s" % (self.addr["master"], self.addr["operator"]))
        r = self.post_ok(self.query, "run client (!peer_list) get status")
        self.assertRegex(r.body, "^%s%s$" % (self.status_reply("master"), self.status_reply("operator")))

    def test_run_client_blockchain_get(self):
        self.publish()
        r = self.post_ok(self.query, "run client (blockchain get operator bring.ip_port) get status")
        self.assertRegex(r.body, "^%s$" % self.status_reply("operator"))
        # Without `bring`, bring.ip_port is implied; options follow the query.
        r = self.post_ok(self.master, "run client (blockchain get (master, operator), subset = true, timeout = 5) get status")
        self.assertRegex(r.body, "^(%s%s|%s%s)$" % (self.status_reply("master"), self.status_reply("operator"),
                                                   self.status_reply("operator"), self.status_reply("master")))

    def test_run_client_subset_with_dead_node(self):
        dead = "127.0.0.1:%d" % free_port()
        start = time.monotonic()
        r = self.post_ok(self.query, "run client (%s, %s, subset = true) get status" % (self.addr["operator"], dead))
        self.assertLess(time.monotonic() - start, 5)
        # EdgeLake marks a node it could not reach "Not responding" in a REST reply; the console
        # shows "[Connection Failed]".
        self.assertRegex(r.body, r"^%s\r\n\[From Node %s\] (Not responding|Connection Failed)$" % (self.status_reply("operator"), re.escape(dead)))

    def test_run_client_dead_node_without_subset_fails(self):
        dead = "127.0.0.1:%d" % free_port()
        start = time.monotonic()
        r = self.query.post("run client (%s, %s, timeout = 2) get status" % (self.addr["operator"], dead), timeout=15)
        elapsed = time.monotonic() - start
        self.assertEqual(r.status, 400, r)
        self.assertIn(json.loads(r.body)["err_code"], (15, 26))  # network error or time out
        self.assertIn(dead, json.loads(r.body)["local_msg"])
        self.assertLess(elapsed, 3.5)

    def test_run_client_timeout_with_silent_peer(self):
        peer = FakePeer("silent")
        peer.start()
        self.addCleanup(peer.close)
        start = time.monotonic()
        r = self.query.post("run client (%s, timeout = 2) get status" % peer.address(), timeout=15)
        elapsed = time.monotonic() - start
        self.assertEqual(r.status, 400, r)
        got = json.loads(r.body)
        self.assertEqual((got["err_code"], got["err_text"]), (26, "Time Out"))
        self.assertIn(peer.address(), got["local_msg"])
        self.assertGreaterEqual(elapsed, 1.8)
        self.assertLess(elapsed, 3.5)
        self.assertEqual(peer.commands, ["get status"])
        # With subset, the silent peer is the one "Not responding" and the call succeeds.
        r = self.post_ok(self.query, "run client (%s, %s, subset = true, timeout = 2) get status" % (self.addr["operator"], peer.address()),
                         timeout=15)
        self.assertRegex(r.body, r"^%s\r\n\[From Node %s\] Not responding$" % (self.status_reply("operator"), re.escape(peer.address())))

    def test_reply_ip(self):
        """`set reply ip [and port]` changes the address written into the headers; `dynamic`
        asks the peer to answer where the message came from."""
        q = self.query
        self.addCleanup(q.post, "reset reply ip")
        self.assertEqual(q.get("get reply ip").body, self.addr["query"])
        self.post_ok(q, "set reply ip and port = 10.1.2.3:4078")
        self.assertEqual(q.get("get reply ip").body, "10.1.2.3:4078")
        rows = [[cell.strip() for cell in line.split("|")] for line in q.get("get connections").body.splitlines()]
        self.assertIn(["Reply Address", "10.1.2.3:4078", "", "", ""], rows)
        self.assertEqual(json.loads(q.get("get connections where format = json").body)["reply"], "10.1.2.3:4078")
        peer = FakePeer("silent")
        peer.start()
        self.addCleanup(peer.close)
        q.post("run client (%s, timeout = 1) get status" % peer.address(), timeout=15)
        self.assertEqual(peer.reply_to, [("10.1.2.3", 4078)])
        self.post_ok(q, "set reply ip = dynamic")
        self.assertEqual(q.get("get reply ip").body, "0.0.0.0:%d" % self.tcp["query"])
        r = self.post_ok(q, "run client (%s) get status" % self.addr["operator"])
        self.assertRegex(r.body, "^%s$" % self.status_reply("operator"))
        self.assertNotEqual(q.post("set reply ip = not-an-ip").status, 200)
        self.post_ok(q, "reset reply ip")
        self.assertEqual(q.get("get reply ip").body, self.addr["query"])
        self.assertNotIn("Reply Address", q.get("get connections").body)
        self.assertNotIn("reply", json.loads(q.get("get connections where format = json").body))

    def test_self_ip(self):
        """`set self ip and port`: a message to the node's own internal address goes to the self
        address instead (here: the operator's, so the answer shows it); `get connections` lists it."""
        q = self.query
        self.addCleanup(q.post, "reset self ip")
        r = self.post_ok(q, "run client (%s) get status" % self.addr["query"])
        self.assertRegex(r.body, "^%s$" % self.status_reply("query"))
        self.post_ok(q, "set self ip and port = %s" % self.addr["operator"])
        rows = [[cell.strip() for cell in line.split("|")] for line in q.get("get connections").body.splitlines()]
        self.assertIn(["Self Address", "", self.addr["operator"], "", ""], rows)
        self.assertEqual(json.loads(q.get("get connections where format = json").body)["self"], self.addr["operator"])
        r = self.post_ok(q, "run client (%s) get status" % self.addr["query"])
        self.assertIn("%s running" % self.addr["operator"], r.body)
        # Other destinations are not rerouted.
        r = self.post_ok(q, "run client (%s) get status" % self.addr["master"])
        self.assertRegex(r.body, "^%s$" % self.status_reply("master"))
        self.post_ok(q, "set self ip = 127.0.0.1")  # no port: messages keep theirs
        self.assertEqual(json.loads(q.get("get connections where format = json").body)["self"], self.addr["query"])
        self.post_ok(q, "set self ip = dynamic")  # the node's own internal address and port
        self.assertEqual(json.loads(q.get("get connections where format = json").body)["self"], self.addr["query"])
        self.assertNotEqual(q.post("set self ip = not-an-ip").status, 200)
        self.post_ok(q, "reset self ip")
        self.assertNotIn("self", json.loads(q.get("get connections where format = json").body))
        r = self.post_ok(q, "run client (%s) get status" % self.addr["query"])
        self.assertRegex(r.body, "^%s$" % self.status_reply("query"))

    def test_echo_queue(self):
        """Text a peer sends outside a job: kept by `set echo queue on`, listed by
        `get echo queue`, printed again once it is off."""
        q = self.query
        self.assertEqual(q.get("get echo queue").body, "Message Queue not declared")
        self.post_ok(q, "set echo queue on")
        self.addCleanup(q.post, "set echo queue off")
        self.operator.post("run client (%s, timeout = 1) echo hello from the operator" % self.addr["query"], timeout=15)
        rows = wait_until(lambda: table_rows(q.get("get echo queue").body), 10, what="the queued message")
        self.assertEqual(rows[0][0], "1")
        self.assertIn("[From Node %s] hello from the operator" % self.addr["operator"], rows[0][2])
        self.assertTrue(q.get("get echo queue").body.startswith("\r\n\r\nMessage Queue:\r\nCounter Time"))
        self.assertNotEqual(q.post("set echo queue maybe").status, 200)
        # reset: an empty queue; with size, only the last N are kept.
        self.post_ok(q, "reset echo queue where size = 1")
        self.assertEqual(table_rows(q.get("get echo queue").body), [])
        for n in (1, 2):
            self.operator.post("run client (%s, timeout = 1) echo message %d" % (self.addr["query"], n), timeout=15)
        rows = wait_until(lambda: [r for r in table_rows(q.get("get echo queue").body) if "message 2" in r[2]], 10, what="the second message")
        self.assertEqual(len(table_rows(q.get("get echo queue").body)), 1)
        self.assertEqual(rows[0][0], "2")
        self.assertEqual(q.post("reset echo queue where size = 101").status, 400)
        self.post_ok(q, "set echo queue off")
        self.assertEqual(q.get("get echo queue").body, "Message Queue not declared")
        self.post_ok(q, "reset echo queue")  # turns it on again
        self.assertEqual(table_rows(q.get("get echo queue").body), [])

    def test_set_internal_ip_with_nic(self):
        node = self.start_node(QlakeNode.with_rest([]))
        self.post_ok(node, "set internal ip with lo")
        self.assertEqual(node.get("get !ip").body, "127.0.0.1")
        r = node.post("set internal ip with nosuchnic0")
        self.assertNotEqual(r.status, 200)
        self.assertIn("nosuchnic0", r.body)

    def test_exit_synchronizer_and_load_metadata(self):
        node = self.start_node(QlakeNode.with_rest([tcp_command(free_port()),
                                                    "run blockchain sync where source = master and time = %d second and dest = file and connection = %s"
                                                    % (SYNC_SECONDS, self.addr["master"])]))
        self.assertRegex(node.get("get processes").body, r"Blockchain Sync\s*\|\s*Running")
        # Another master from the next cycle on (here the operator, as any address would do).
        self.post_ok(node, "blockchain switch network where master = %s" % self.addr["operator"])
        self.assertIn("with master using: %s" % self.addr["operator"], node.get("get processes").body)
        self.assertNotEqual(node.post("blockchain switch network where master = nowhere").status, 200)
        self.post_ok(node, "exit synchronizer")
        self.assertNotRegex(node.get("get processes").body, r"Blockchain Sync\s*\|\s*Running")
        self.post_ok(node, "exit synchronizer")  # not running: nothing to do
        self.post_ok(node, "blockchain load metadata")

    def test_run_client_half_reply_times_out(self):
        peer = FakePeer("half")
        peer.start()
        self.addCleanup(peer.close)
        errors_before = len(self.error_texts(self.query))
        start = time.monotonic()
        r = self.query.post("run client (%s, timeout = 2) get status" % peer.address(), timeout=15)
        elapsed = time.monotonic() - start
        self.assertEqual(r.status, 400, r)
        got = json.loads(r.body)
        self.assertEqual(got["err_code"], 26, got)
        self.assertLess(elapsed, 3.5)
        self.assertEqual(peer.errors, [])
        self.assertEqual(peer.commands, ["get status"])
        # The half message shows in the error log (beside run client's own time-out entry), and
        # the node goes on serving.
        wait_until(lambda: [t for t in self.error_texts(self.query)[errors_before:] if not t.startswith("(Failed")], 5,
                   what="an error logged for the half reply")
        self.assertIsNone(self.query.proc.poll())
        r = self.post_ok(self.query, "run client (%s) get status" % self.addr["operator"])
        self.assertRegex(r.body, "^%s$" % self.status_reply("operator"))

    # --- REST destination and assignment -----------------------------------------------------
    def test_rest_destination_header(self):
        r = self.get_ok(self.query, "get status", headers={"destination": self.addr["operator"]})
        self.assertRegex(r.body, "^%s$" % self.status_reply("operator"))
        r = self.get_ok(self.query, "get status", headers={"destination": "%s,%s" % (self.addr["operator"], self.addr["master"])})
        self.assertRegex(r.body, "^%s%s$" % (self.status_reply("operator"), self.status_reply("master")))
        # The header sends a GET command: a state-changing one is refused before it leaves.
        r = self.query.get("set node name x", headers={"destination": self.addr["operator"]})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(json.loads(r.body)["err_code"], 156)

    def test_assignment_of_replies(self):
        self.post_ok(self.query, "peer_reply = run client (%s) get status" % self.addr["operator"])
        expected = "^%s$" % self.status_reply("operator")
        self.assertRegex(self.get_ok(self.query, "get !peer_reply").body, expected)
        self.assertRegex(self.get_ok(self.query, "!peer_reply").body, expected)

    # --- malformed input ----------------------------------------------------------------------
    def send_raw(self, port, payload):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            try:
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)
                deadline = time.monotonic() + 2
                while time.monotonic() < deadline and s.recv(4096):
                    pass
            except OSError:
                pass  # the node may reset the connection: that is fine

    def test_malformed_blocks_are_logged(self):
        node, port = self.operator, self.tcp["operator"]
        rnd = random.Random(2048)
        command = b"get status"
        valid = block_header(1, True, 6, len(command), len(command), source_port=self.tcp["query"]) + command
        payloads = [
            ("random block", bytes(rnd.getrandbits(8) for _ in range(BLOCK))),
            ("truncated block", valid.ljust(BLOCK, b"\0")[:1000]),
            ("bad block counter", block_header(7, True, 6, len(command), len(command)) + command.ljust(BLOCK - HEADER, b"\0")),
            ("data length past the block", block_header(1, True, 6, len(command), 5000) + command.ljust(BLOCK - HEADER, b"\0")),
        ]
        for what, payload in payloads:
            before = len(self.error_texts(node))
            self.send_raw(port, payload)
            self.assertIsNone(node.proc.poll(), "node died on the %s" % what)
            texts = wait_until(lambda: self.error_texts(node)[before:] or None, 5, what="an error log entry for the %s" % what)
            self.assertTrue(any("127.0.0.1" in t for t in texts), (what, texts))  # names the sender
            r = self.post_ok(self.query, "run client (%s) get status" % self.addr["operator"])
            self.assertRegex(r.body, "^%s$" % self.status_reply("operator"), what)


if __name__ == "__main__":
    unittest.main(verbosity=2)
