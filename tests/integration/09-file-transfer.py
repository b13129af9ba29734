#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""File transfer between two real qlake-node processes over the peer protocol (edgelake-network.md
§5, §10): `run client (B) file copy` runs on the sender and writes into B's home (or B's watch
dir), `run client (B) file get` has B send a file back, and B refuses to write or read outside
its home. Also `blockchain seed from B`, and `config from policy` sent over REST (the servers are
restarted from a REST worker thread, not the node's)."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, free_port, wait_until  # noqa: E402

ARRIVAL = 10  # seconds a file may take to land on a loaded machine


def tcp_command(port):
    return "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


class FileTransferTest(NodeTestCase):
    """Node A sends and asks; node B receives and answers."""

    @classmethod
    def setUpClass(cls):
        cls.a_tcp = free_port()
        cls.b_tcp = free_port()
        cls.a = cls.start_class_node(QlakeNode.with_rest(["set node name node-a", tcp_command(cls.a_tcp)]))
        cls.b = cls.start_class_node(QlakeNode.with_rest(["set node name node-b", tcp_command(cls.b_tcp)]))
        cls.b_address = "127.0.0.1:%d" % cls.b_tcp
        cls.outside = tempfile.mkdtemp(prefix="qlake-it-outside-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.outside, ignore_errors=True)
        super().tearDownClass()

    def a_run(self, command):
        """POST `run client (B) COMMAND` to node A."""
        return self.a.post("run client (%s) %s" % (self.b_address, command), timeout=30)

    def error_log_of(self, node):
        r = node.get("get error log")
        self.assertEqual(r.status, 200, r)
        return r.body

    def test_copy_into_peer_home(self):
        # Several blocks of binary data, and a size that is not a multiple of the block payload.
        data = os.urandom(9000) + b"\x00\r\n end"
        source = os.path.join(self.a.home, "out", "readings.bin")
        write(source, data)
        target = os.path.join(self.b.home, "in", "readings.bin")
        r = self.a_run("file copy %s %s" % (source, target))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, "")
        wait_until(lambda: read(target) == data, ARRIVAL, what="the copied file in B's home")

    def test_directory_copy(self):
        """`run client (B) directory copy SRC [DEST] [where type = T]`: every file of the folder
        (of that type) goes to B; `directory copy` alone copies on this node."""
        source = os.path.join(self.a.home, "dir-out")
        # 0.txt sorts first: a broken type filter would send it before the json files.
        for name, data in (("0.txt", b"333"), ("a.json", b"1"), ("b.json", b"22")):
            write(os.path.join(source, name), data)
        target = os.path.join(self.b.home, "dir-in")
        r = self.a_run("directory copy %s %s where type = json" % (source, target))
        self.assertEqual(r.status, 200, r)
        wait_until(lambda: read(os.path.join(target, "b.json")) == b"22" and read(os.path.join(target, "a.json")) == b"1",
                   ARRIVAL, what="the folder's json files in B's home")
        self.assertIsNone(read(os.path.join(target, "0.txt")))
        local = os.path.join(self.a.home, "dir-local")
        self.assertEqual(self.a.post("directory copy %s %s" % (source, local)).status, 200)
        self.assertEqual(sorted(os.listdir(local)), ["0.txt", "a.json", "b.json"])
        self.assertNotEqual(self.a.post("directory copy %s" % source).status, 200)  # on this node the destination is needed
        r = self.a.post("directory copy %s %s where type = csv" % (source, local))
        self.assertEqual(json.loads(r.body)["err_code"], 152)  # no files of that type

    def test_copy_into_watch_dir(self):
        source = os.path.join(self.a.home, "out", "watched.json")
        write(source, b'{"value": 1}\n')
        r = self.b.get("get !watch_dir")
        self.assertEqual(r.status, 200, r)
        watch_dir = r.body.strip()
        # The flag puts the file in B's watch dir whatever folder the destination names.
        r = self.a_run("file copy %s somewhere/watched.json watch_dir" % source)
        self.assertEqual(r.status, 200, r)
        wait_until(lambda: read(os.path.join(watch_dir, "watched.json")) == b'{"value": 1}\n', ARRIVAL,
                   what="the file in B's watch dir")

    def test_get_from_peer(self):
        data = b"ts,value\n1,2\n" * 500
        source = os.path.join(self.b.home, "share", "report.csv")
        write(source, data)
        target = os.path.join(self.a.home, "got", "report.csv")
        r = self.a_run("file get %s %s" % (source, target))
        self.assertEqual(r.status, 200, r)
        self.assertIn("[From Node %s]" % self.b_address, r.body)
        wait_until(lambda: read(target) == data, ARRIVAL, what="the file B sent back")

        # A destination folder keeps the source's name.
        folder = os.path.join(self.a.home, "got2") + "/"
        r = self.a_run("file get %s %s" % (source, folder))
        self.assertEqual(r.status, 200, r)
        wait_until(lambda: read(folder + "report.csv") == data, ARRIVAL, what="the file in A's folder")

    def test_write_outside_peer_home_is_refused(self):
        source = os.path.join(self.a.home, "out", "evil.txt")
        write(source, b"not welcome\n")
        target = os.path.join(self.outside, "evil.txt")
        r = self.a_run("file copy %s %s" % (source, target))
        self.assertEqual(r.status, 200, r)  # the send itself succeeds; B refuses the write
        wait_until(lambda: "Refused to write '%s'" % target in self.error_log_of(self.b), ARRIVAL,
                   what="B's refusal in its error log")
        self.assertFalse(os.path.exists(target))
        self.assertFalse(os.path.exists(target + ".transfer"))

    def test_read_outside_peer_home_is_refused(self):
        secret = os.path.join(self.outside, "secret.txt")
        write(secret, b"secret\n")
        target = os.path.join(self.a.home, "got", "secret.txt")
        r = self.a_run("file get %s %s" % (secret, target))
        self.assertEqual(r.status, 200, r)
        self.assertIn("'File get' operation failed: Refused to read '%s'" % secret, r.body)
        self.assertIsNone(read(target))

    def test_get_missing_file(self):
        missing = os.path.join(self.b.home, "share", "none.csv")
        r = self.a_run("file get %s %s" % (missing, os.path.join(self.a.home, "got", "none.csv")))
        self.assertEqual(r.status, 200, r)
        self.assertIn("'File get' operation failed: Input file does not exists: %s" % missing, r.body)

    def test_copy_missing_source(self):
        missing = os.path.join(self.a.home, "out", "none.txt")
        r = self.a_run("file copy %s x.txt" % missing)
        self.assertEqual(r.status, 400, r)
        reply = json.loads(r.body)
        self.assertEqual(reply["err_code"], 12)
        self.assertEqual(reply["local_msg"], "Input file does not exists: %s" % missing)

    def test_seed_ledger_from_peer(self):
        r = self.b.post('blockchain add {"seed_test": {"name": "seed-1", "company": "acme", "id": "seed-policy-1"}}')
        self.assertEqual(r.status, 200, r)
        r = self.a.post("blockchain seed from %s" % self.b_address)
        self.assertEqual(r.status, 200, r)
        wait_until(lambda: "seed-policy-1" in self.a.get("blockchain get seed_test").body, ARRIVAL,
                   what="B's policy in A's ledger")


class ConfigFromPolicyOverRestTest(NodeTestCase):
    """`config from policy` arriving over REST runs on a REST worker: it starts and restarts the
    TCP server on the node's thread and runs the policy's script."""

    def test_configure_and_reconfigure_tcp(self):
        node = self.start_node(QlakeNode.with_rest(["set node name cfg-node"]))
        first, second = free_port(), free_port()
        for policy_id, port in (("cfg-tcp-1", first), ("cfg-tcp-2", second)):
            policy = ('{"config": {"name": "%s", "ip": "127.0.0.1", "port": %d, "tcp_bind": true, '
                      '"script": ["configured_by = %s"], "id": "%s"}}' % (policy_id, port, policy_id, policy_id))
            r = node.post("blockchain add " + policy)
            self.assertEqual(r.status, 200, r)

        r = node.post("config from policy where id = cfg-tcp-1")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Configure TCP Server from policy cfg-tcp-1", r.body)
        self.assertIn("Script from policy cfg-tcp-1 processed", r.body)
        self.assertIn("127.0.0.1:%d" % first, node.get("get connections").body)

        r = node.post("config from policy where id = cfg-tcp-2")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Reconfigure TCP Server from policy cfg-tcp-2", r.body)
        connections = node.get("get connections").body
        self.assertIn("127.0.0.1:%d" % second, connections)
        self.assertNotIn("127.0.0.1:%d" % first, connections)
        self.assertEqual(node.get("get !configured_by").body.strip(), "cfg-tcp-2")

        r = node.get("get config policies")
        self.assertEqual(r.status, 200, r)
        self.assertIn("cfg-tcp-1", r.body)
        self.assertIn("cfg-tcp-2", r.body)


if __name__ == "__main__":
    unittest.main(verbosity=2)
