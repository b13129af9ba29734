#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The REST server of the real qlake-node (services.md §5, commands.md §13-§15), checked against
the golden EdgeLake captures in shared/vectors/outputs/ where one exists."""
import json
import os
import re
import socket
import sys
import threading
import time
import unittest
import http.client

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import SHARED_DIR, NodeTestCase, QlakeNode, table_rows  # noqa: E402

VECTORS = os.path.join(SHARED_DIR, "vectors", "outputs")
STATUS_RE = r"^op1@\S+ running$"


def golden(name):
    """(meta, body) of one capture; meta holds the exact request and reply headers."""
    with open(os.path.join(VECTORS, name + ".meta"), encoding="utf-8") as f:
        meta = json.load(f)
    with open(os.path.join(VECTORS, name + ".out"), "rb") as f:
        body = f.read().decode("utf-8")
    return meta, body


def golden_request(node, name):
    """Replays a capture's request (method and command header) against the node."""
    meta, _ = golden(name)
    req = meta["request"]
    return node.request(req["method"], req["headers"].get("command"), user_agent=req["headers"].get("User-Agent"))



class RestSharedNodeTest(NodeTestCase):
    """Read-only checks on one node shared by the class."""

    @classmethod
    def setUpClass(cls):
        cls.node = cls.start_class_node(QlakeNode.with_rest(["set node name op1"]))

    def assert_cors_headers(self, r):
        meta, _ = golden("get_status")
        expected = dict(meta["response_headers"])
        for name in ("Access-Control-Allow-Origin", "Vary", "Access-Control-Expose-Headers"):
            self.assertEqual(r.header(name), expected[name], name)

    def test_get_status(self):
        meta, gold = golden("get_status")
        r = golden_request(self.node, "get_status")
        self.assertEqual(r.status, meta["status"])
        self.assertEqual(r.reason, meta["reason"])
        self.assertEqual(r.header("Content-Type"), meta["content_type"])  # "text"
        self.assertEqual(int(r.header("Content-Length")), len(r.body.encode()))
        self.assert_cors_headers(r)
        self.assertRegex(gold, r"^\S+@\S+ running$")
        self.assertRegex(r.body, STATUS_RE)

    def test_get_status_json(self):
        meta, gold = golden("get_status_json")
        r = golden_request(self.node, "get_status_json")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), meta["content_type"])
        got = json.loads(r.body)
        self.assertEqual(list(got), list(json.loads(gold)))
        self.assertRegex(got["assigned_name"], r"^op1@")
        self.assertEqual(got["status"], "running")
        self.assertIs(got["profiling"], False)

    def test_get_processes_json(self):
        meta, gold = golden("get_processes_json")
        r = golden_request(self.node, "get_processes_json")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/json")
        self.assertEqual(r.header("Content-Type"), meta["content_type"])
        got = json.loads(r.body)  # dicts keep the document order
        self.assertEqual(len(got), 19)
        self.assertEqual(list(got), list(json.loads(gold)))
        for name, value in got.items():
            self.assertIn(value["Status"], ("Running", "Not declared"), name)
            self.assertEqual(set(value) - {"Status", "Details"}, set(), name)
        self.assertEqual(got["REST"], {"Status": "Running", "Details": "Listening on: 127.0.0.1:%d, Threads Pool: 6, Timeout: 20, SSL: False" % self.node.port})
        self.assertEqual(got["Scheduler"], {"Status": "Running", "Details": "Schedulers IDs in use: [0 (system)]"})
        self.assertEqual(got["Query Pool"], {"Status": "Running", "Details": "Threads Pool: 3"})
        self.assertEqual(got["TCP"], {"Status": "Not declared"})

    def test_get_processes_text(self):
        meta, gold = golden("get_processes")
        r = golden_request(self.node, "get_processes")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), meta["content_type"])
        self.assertTrue(r.body.startswith("\r\n"))
        lines = r.body.split("\r\n")
        gold_lines = gold.split("\r\n")
        self.assertEqual(lines[1][:34], gold_lines[1][:34])  # "    Process         Status       Details"
        self.assertEqual(lines[2][:34], gold_lines[2][:34])  # "    ---------------|------------|---"
        rows = [line for line in lines[3:] if line.strip()]
        self.assertEqual([row[4:19] for row in rows], [row[4:19] for row in gold_lines[3:] if row.strip()])
        for row in rows:
            self.assertTrue(row.startswith("    ") and row.endswith("|"), repr(row))
            self.assertEqual(len(row), len(lines[2]), repr(row))

    def test_curl_without_command_is_get_status(self):
        r = self.node.get(None, user_agent="curl/8.5.0")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.body, STATUS_RE)

    def test_headers_in_url(self):
        r = self.node.get(None, user_agent=None, path="/?User-Agent=AnyLog/1.23?command=get%20status")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.body, STATUS_RE)

    def test_health(self):
        r = self.node.get(None, path="/health")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/json")
        got = json.loads(r.body)
        self.assertEqual(got["status"], "healthy")
        self.assertEqual(got["service"], "anylog-rest-server")
        self.assertLess(abs(got["timestamp"] - time.time()), 60)
        r = self.node.get(None, path="/api/status")
        self.assertEqual(r.status, 200)
        self.assertEqual(json.loads(r.body), {"status": "ok"})

    def check_golden_error(self, name):
        meta, gold = golden(name)
        r = golden_request(self.node, name)
        self.assertEqual(r.status, meta["status"])  # 400
        self.assertEqual(r.header("Content-Type"), meta["content_type"])  # text/json
        # Our body is the golden one plus a "local_msg" detail key.
        self.assertTrue(gold.endswith("}"))
        self.assertTrue(r.body.startswith(gold[:-1] + ', "local_msg": '), r.body)
        self.assertTrue(r.body.endswith('"}'), r.body)
        self.assertTrue(json.loads(r.body)["local_msg"])
        # EdgeLake puts the JSON error in the reason phrase as well; a plain "Bad Request" is
        # the well-formed alternative.
        self.assertIn(r.reason, (r.body, "Bad Request"))
        return json.loads(r.body)

    def test_error_unknown_command(self):
        got = self.check_golden_error("err_get_frobnicate")
        self.assertEqual(got["err_code"], 2)

    def test_error_unknown_where_key(self):
        got = self.check_golden_error("err_unknown_where_key_get_processes")
        self.assertIn("frobnicate", got["local_msg"])

    def test_wrong_method(self):
        r = self.node.post("get status")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.header("Content-Type"), "text/json")
        got = json.loads(r.body)
        self.assertEqual((got["method"], got["err_code"]), ("post", 156))
        r = self.node.get("set node name x")
        self.assertEqual(r.status, 400)
        got = json.loads(r.body)
        self.assertEqual((got["method"], got["err_code"]), ("get", 156))
        self.assertRegex(self.node.get("get status").body, STATUS_RE)  # the GET did not rename

    def test_delete_not_supported(self):
        r = self.node.request("DELETE", "get status")
        self.assertEqual(r.status, 501)
        self.assertEqual(r.reason, "DELETE NOT SUPPORTED")

    def test_rest_pool(self):
        r = self.node.get("get rest pool")
        self.assertEqual(r.status, 200)
        line = r.body.strip("\r\n")
        self.assertEqual(line[:60], "REST Pool with 6 threads:".ljust(60))
        m = re.fullmatch(r"\[(-?\d(?:, -?\d){5})\] \((\d+)\)", line[60:])
        self.assertIsNotNone(m, repr(line))
        self.assertTrue(set(m.group(1).split(", ")) <= {"0", "1", "-1"})
        self.assertGreaterEqual(int(m.group(2)), 1)

        r = self.node.get("get rest pool where details = true")
        self.assertEqual(r.status, 200)
        self.assertIn("REST Pool:", r.body)
        rows = table_rows(r.body)
        self.assertEqual([row[0] for row in rows], [str(i) for i in range(6)])
        self.assertEqual(sum(int(row[3]) for row in rows), 100)

    def test_rest_server_info(self):
        r = self.node.get("get rest server info")
        self.assertEqual(r.status, 200)
        rows = table_rows(r.body)
        self.assertIn("Attribute", r.body.split("\r\n")[1])
        names = [row[0] for row in rows]
        self.assertEqual(names, sorted(names))
        info = dict((row[0], row[1]) for row in rows)
        self.assertEqual(info["connection"], "http://127.0.0.1:%d" % self.node.port)
        self.assertEqual(info["is_bind"], "True")
        self.assertEqual(info["is_ssl"], "False")
        self.assertEqual(info["timeout"], "20")
        self.assertEqual(info["workers_count"], "6")
        # Every value is wrapped as " value " (services.md §5.3).
        raw = r.body.split("\r\n")[3]
        self.assertRegex(raw, r"^buff_size\s*\| 2048 +\|$")

    def test_get_connections(self):
        port = self.node.port
        rows = table_rows(self.node.get("get connections").body)
        self.assertEqual([row[0] for row in rows], ["TCP", "REST", "Messaging"])
        addr = "127.0.0.1:%d" % port
        self.assertEqual(rows[1], ["REST", addr, addr, addr])  # bind = true: bound to the one address
        self.assertEqual(rows[0], ["TCP", "Not declared", "Not declared", "Not declared"])
        r = self.node.get("get connections where format = json")
        self.assertEqual(r.header("Content-Type"), "text/json")
        self.assertEqual(json.loads(r.body)["REST"], {"external": addr, "local": addr, "bind": addr})

    def test_concurrent_requests(self):
        threads, per_thread = 20, 50
        failures = []
        lock = threading.Lock()

        def worker(index):
            # Even threads reuse one keep-alive connection, odd ones open a connection per call.
            conn = None
            try:
                for i in range(per_thread):
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", self.node.port, timeout=20)
                    conn.request("GET", "/", headers={"command": "get status", "User-Agent": "AnyLog/1.23"})
                    resp = conn.getresponse()
                    body = resp.read().decode()
                    if resp.status != 200 or not re.match(STATUS_RE, body):
                        with lock:
                            failures.append((index, i, resp.status, body))
                    if index % 2 == 1:
                        conn.close()
                        conn = None
            except Exception as e:  # noqa: BLE001 - every failure is reported below
                with lock:
                    failures.append((index, "exception", repr(e)))
            finally:
                if conn is not None:
                    conn.close()

        pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        start = time.monotonic()
        for t in pool:
            t.start()
        for t in pool:
            t.join(60)
        self.assertFalse(any(t.is_alive() for t in pool), "requests still pending after 60 s")
        self.assertEqual(failures, [], "%d of %d requests failed" % (len(failures), threads * per_thread))
        sys.stderr.write("  (%d requests in %.2f s) " % (threads * per_thread, time.monotonic() - start))

    def test_malformed_http_does_not_kill_server(self):
        garbage = [
            b"\x00\xff\xfe GARBAGE \x01\x02\r\n\r\n",
            b"GET\r\n\r\n",
            b"HELLO / HTTP/9.9\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: banana\r\n\r\n",
            b"GET / HTTP/1.1\r\n" + b"X-Long: " + b"a" * 70000 + b"\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nshort",  # then the client goes away
            b"GET / HTTP/1.1\r\nHost: x\r\ncommand: get status\r\n",  # never finished
            bytes(range(256)) * 8,
        ]
        for payload in garbage:
            with socket.create_connection(("127.0.0.1", self.node.port), timeout=5) as s:
                try:
                    s.sendall(payload)
                    s.shutdown(socket.SHUT_WR)
                    deadline = time.monotonic() + 5
                    while time.monotonic() < deadline and s.recv(4096):
                        pass
                except OSError:
                    pass  # the server may reset the connection: that is fine
            self.assertIsNone(self.node.proc.poll(), "node died on %r" % payload[:40])
            r = self.node.get("get status")
            self.assertEqual(r.status, 200, "after %r" % payload[:40])
            self.assertRegex(r.body, STATUS_RE)


class RestStateTest(NodeTestCase):
    """Checks that change the node or count calls: one node per test."""

    def test_post_set_node_name(self):
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        r = node.post("set node name x")
        self.assertEqual(r.status, 200, r)
        self.assertRegex(node.get("get status").body, r"^x@\S+ running$")
        node.stop()

    def test_post_json_body_as_headers(self):
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        r = node.post(None, body=json.dumps({"command": "set node name from_json"}),
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 200, r)
        self.assertRegex(node.get("get status").body, r"^from_json@")
        node.stop()

    def test_post_body_commands_run_first(self):
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        r = node.post("set node name second", body="first_var = 5\nsecond_var = six\n")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(node.get("get !first_var").body.strip(), "5")
        self.assertEqual(node.get("get !second_var").body.strip(), "six")
        self.assertRegex(node.get("get status").body, r"^second@")
        node.stop()

    def test_post_without_command(self):
        node = self.start_node(QlakeNode.with_rest())
        r = node.post(None)
        self.assertEqual(r.status, 400)
        self.assertIn("Missing 'command'", json.loads(r.body)["local_msg"])
        node.stop()

    def write_endless_script(self, node):
        # There is no sleep command: a script that loops forever stands in for a slow command.
        path = os.path.join(node.home, "endless.al")
        with open(path, "w", encoding="utf-8") as f:
            f.write(":loop:\nlooped = yes\ngoto loop\n")
        return path

    def check_timeout(self, node, headers, expected_seconds):
        start = time.monotonic()
        r = node.post("process " + self.write_endless_script(node), headers=headers, timeout=expected_seconds + 15)
        elapsed = time.monotonic() - start
        self.assertEqual(r.status, 400, r)
        got = json.loads(r.body)
        self.assertEqual((got["err_code"], got["err_text"]), (26, "Time Out"))
        self.assertGreaterEqual(elapsed, expected_seconds - 0.2)
        self.assertLess(elapsed, expected_seconds + 3)
        # The script still runs in its worker; `exit scripts` ends it and the pool is idle again.
        self.assertEqual(node.post("exit scripts").status, 200)
        wait = time.monotonic() + 10
        while time.monotonic() < wait:
            line = node.get("get rest pool").body.strip()
            busy = re.search(r"\[([^\]]*)\]", line).group(1).split(", ").count("1")
            if busy <= 1:  # the thread answering `get rest pool` itself may show busy
                break
            time.sleep(0.1)
        else:
            self.fail("the REST worker stayed busy after `exit scripts`: %s" % line)

    def test_rest_client(self):
        """`rest get|put where url = ...`: the node as an HTTP client, here of its own REST port;
        the where keys other than url/user/password travel as headers."""
        node = self.start_node(QlakeNode.with_rest(["set node name op1", "create work directories",
                                                    "connect dbms test where type = sqlite", "run streamer"]))
        url = "http://127.0.0.1:%d/" % node.port
        r = node.post('rest get where url = %s and command = "get status" and User-Agent = AnyLog/1.23' % url)
        self.assertEqual(r.status, 200, r.body)
        self.assertRegex(r.body, r"^op1@\S+ running$")
        # Assigned, the JSON reply feeds `from ... bring`, as EdgeLake's set_params.al does.
        self.assertEqual(node.post('st = rest get where url = %s and command = "get status where format = json" '
                                   'and User-Agent = AnyLog/1.23' % url).status, 200)
        self.assertEqual(node.post("from !st bring [status]").body, "running")
        self.assertEqual(node.post("rest get where url = %s and validate = true" % url).body, "true")
        r = node.post('rest put where url = %s and dbms = test and table = t1 and type = json and mode = streaming '
                      'and body = {"v": 7}' % url)
        self.assertEqual(json.loads(r.body)["AnyLog.status"], "Success")
        self.assertEqual(node.post("flush buffers").status, 200)
        self.assertEqual(json.loads(node.get('sql test format = json "select v from t1"').body)["Query"], [{"v": 7}])
        # Nobody listening: error 51 names the failure; a bad key or URL is error 2.
        r = node.post("rest get where url = http://127.0.0.1:1/x")
        self.assertEqual(json.loads(r.body)["err_code"], 51)
        self.assertIn("REST GET Error: Connection refused", json.loads(r.body)["local_msg"])
        self.assertEqual(json.loads(node.post("rest get where url = %s and colour = red" % url).body)["err_code"], 2)
        self.assertEqual(json.loads(node.post("rest get where url = ftp://x").body)["err_code"], 2)
        node.stop()

    def test_streaming_log(self):
        """`get streaming log`: failed REST calls always, every call with `set streaming log on`
        (or EdgeLake's `set rest log on`); `reset streaming log` empties it."""
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        self.assertEqual(node.get("get status").status, 200)
        self.assertEqual(node.get("frobnicate now").status, 400)
        texts = [e["Text"] for e in json.loads(node.get("get streaming log where format = json").body)]
        self.assertEqual(len(texts), 1, texts)
        self.assertRegex(texts[0], r"^127\.0\.0\.1:\d+ \[Command: frobnicate now\] \[\(\d+\) [^\]]+\]\r\nHEADERS: \{.*'command': 'frobnicate now'")
        # Credentials stay out of the log, which anyone with REST access can read.
        self.assertEqual(node.get("frobnicate again", headers={"Authorization": "Basic dXNlcjpzZWNyZXQ="}).status, 400)
        last = json.loads(node.get("get streaming log where format = json").body)[-1]["Text"]
        self.assertIn("'authorization': '****'", last)
        self.assertNotIn("dXNlcjpzZWNyZXQ=", last)
        self.assertEqual(node.post("set streaming log on").status, 200)
        self.assertEqual(node.get("get status").status, 200)
        entries = json.loads(node.get("get streaming log where format = json").body)
        self.assertIn("[Command: get status] [(0) Success]", entries[-1]["Text"])
        self.assertEqual(entries[-1]["Type"], "streaming")
        rows = table_rows(node.get("get streaming log").body)
        self.assertTrue(any("[Command: get status]" in r[5] for r in rows), rows)
        self.assertEqual(node.post("set rest log off").status, 200)
        self.assertEqual(node.post("reset streaming log").status, 200)
        self.assertEqual(node.get("get status").status, 200)
        self.assertEqual(json.loads(node.get("get streaming log where format = json").body), [])
        self.assertEqual(json.loads(node.post("set streaming log maybe").body)["err_code"], 2)
        node.stop()

    def test_timeout_header(self):
        node = self.start_node(QlakeNode.with_rest())
        self.check_timeout(node, {"timeout": "1"}, 1)
        self.check_timeout(node, {"timeout": "2 seconds"}, 2)
        self.assertRegex(node.get("get status").body, r"running$")
        node.stop()

    def test_set_rest_timeout(self):
        node = self.start_node(QlakeNode.with_rest())
        self.assertEqual(node.post("set rest timeout 1").status, 200)
        info = dict((row[0], row[1]) for row in table_rows(node.get("get rest server info").body))
        self.assertEqual(info["timeout"], "1")
        details = json.loads(node.get("get processes where format = json").body)["REST"]["Details"]
        self.assertIn("Timeout: 1,", details)
        # The server timeout applies to calls without a timeout header.
        self.check_timeout(node, {}, 1)
        self.assertEqual(node.post("set rest timeout 2 minutes").status, 200)
        info = dict((row[0], row[1]) for row in table_rows(node.get("get rest server info").body))
        self.assertEqual(info["timeout"], "120")
        node.stop()

    def test_rest_calls_statistics(self):
        node = self.start_node(QlakeNode.with_rest())

        def stats():
            r = node.get("get rest calls")
            self.assertEqual(r.status, 200)
            rows, caller, out = table_rows(r.body), "", {}
            for row in rows:
                caller = row[0] or caller  # the caller is printed on its first row only
                out[(caller, row[1])] = row
            return r.body, out

        _, before = stats()
        base_get = int(before[("anylog", "GET")][2]) + 1  # + the `get rest calls` just made
        for _ in range(3):
            node.get("get status")
        node.get("get status", user_agent="curl/8.5.0")   # curl counts as anylog
        node.get("get frobnicate")                         # an error
        node.post("set node name counted")
        node.get("get status", user_agent="Grafana/10.0")
        node.get("get status", user_agent=None)            # no User-Agent: AnyLog-V1
        body, after = stats()

        self.assertIn("Statistics for REST calls using http://127.0.0.1:%d" % node.port, body)
        get = after[("anylog", "GET")]
        self.assertEqual(int(get[2]), base_get + 5)
        self.assertEqual(int(get[3]), int(before[("anylog", "GET")][3]) + 1)
        self.assertEqual(get[4], "Error Command Structure")
        self.assertRegex(get[5], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        self.assertRegex(get[7], r"^127\.0\.0\.1:\d+$")
        self.assertEqual(after[("anylog", "POST")][2:4], ["1", "0"])
        self.assertEqual(after[("grafana", "GET")][2], "1")
        self.assertEqual(after[("AnyLog-V1", "GET")][2], "1")
        node.stop()

    def test_exit_rest(self):
        node = self.start_node(QlakeNode.with_rest())
        self.assertEqual(node.post("exit rest").status, 200)

        def refused():
            try:
                socket.create_connection(("127.0.0.1", node.port), timeout=1).close()
                return False
            except OSError:
                return True
        deadline = time.monotonic() + 10
        while not refused() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(refused(), "the REST port still accepts connections after `exit rest`")
        self.assertIsNone(node.proc.poll())
        node.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
