#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Messages published to the node's own broker become rows (services.md §6-§7): the capture of
shared/vectors (README: mqtt_messages.jsonl published with mosquitto_pub -l to a node whose
`run msg client where broker = local ...` maps them into new_company.vectors_mqtt) replayed
against Qlake, with the real mosquitto_pub. The same publishes also reach an MQTT subscriber of
the broker, which EdgeLake's broker does not do. `get msg clients` must read as the capture."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import SHARED_DIR, NodeTestCase, QlakeNode, free_port, wait_until  # noqa: E402

OUTPUTS = os.path.join(SHARED_DIR, "vectors", "outputs")
PUB = shutil.which("mosquitto_pub")
SUB = shutil.which("mosquitto_sub")
STDBUF = shutil.which("stdbuf")  # line-buffered, so the SUBACK line is seen when it happens
# The subscription of the capture (vectors/README.md), word for word.
MSG_CLIENT = ('run msg client where broker = local and log = false and topic = (name = vectors-mqtt and '
              'dbms = new_company and table = vectors_mqtt and column.timestamp.timestamp = "bring [timestamp]" and '
              'column.device.str = "bring [device]" and column.value.float = "bring [value]")')
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def read_output(name, mode="r"):
    # newline="": the capture's CRLFs are part of the answer.
    with open(os.path.join(OUTPUTS, name), mode, **({} if "b" in mode else {"newline": ""})) as f:
        return f.read()


class MqttLocalIngestTest(NodeTestCase):

    def rows(self, node, sql):
        db = sqlite3.connect(os.path.join(node.home, "data", "dbms", "new_company.dbms"))
        try:
            return db.execute(sql).fetchall()
        except sqlite3.Error:
            return None
        finally:
            db.close()

    def test_the_captured_publishes_become_rows(self):
        if PUB is None or SUB is None:
            self.fail("mosquitto_pub/mosquitto_sub not found: install mosquitto-clients (scripts/install-deps.sh)")
        port = free_port()
        node = self.start_node(QlakeNode.with_rest([
            "create work directories",
            "connect dbms new_company where type = sqlite",
            "run message broker where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port,
        ]))
        r = node.post(MSG_CLIENT)
        self.assertEqual(r.status, 200, r)
        # A device listening on the same topic through the node's broker; -d shows its SUBACK.
        sub = subprocess.Popen([STDBUF, "-oL", SUB, "-d", "-h", "127.0.0.1", "-p", str(port), "-t", "vectors-mqtt",
                                "-C", "10", "-W", "20"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = []
        subscribed = threading.Event()

        def read():
            for line in sub.stdout:
                lines.append(line.rstrip("\n"))
                if "SUBACK" in line:
                    subscribed.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            self.assertTrue(subscribed.wait(10), "mosquitto_sub never got its SUBACK: %r" % lines)
            messages = read_output("mqtt_messages.jsonl", "rb")
            pub = subprocess.run([PUB, "-h", "127.0.0.1", "-p", str(port), "-t", "vectors-mqtt", "-q", "0", "-l"],
                                 input=messages, capture_output=True, timeout=20)
            self.assertEqual(pub.returncode, 0, pub.stderr)
            sub.wait(20)
            reader.join(5)
        finally:
            if sub.poll() is None:
                sub.kill()
                sub.wait(5)
        received = [line for line in lines if line.startswith("{")]
        sent = messages.decode().splitlines()
        self.assertEqual(received, sent)

        wait_until(lambda: "10          10           0" in node.get("get msg clients").body, 10, what="10 messages mapped")
        self.assertEqual(node.post("flush buffers").status, 200)
        wait_until(lambda: self.rows(node, "select count(*) from vectors_mqtt") == [(10,)], 10, what="10 rows")
        expected = []
        for line in sent:
            m = re.match(r'\{"timestamp": "([^"]+)", "device": "([^"]+)", "value": ([^}]+)\}', line)
            expected.append((m.group(1), m.group(2), float(m.group(3))))
        self.assertEqual(self.rows(node, "select timestamp, device, value from vectors_mqtt order by timestamp"), expected)

        # The report reads as EdgeLake's, times aside.
        got = TIME.sub("T", node.get("get msg clients").body)
        want = TIME.sub("T", read_output("get_msg_clients.out"))
        self.assertEqual(got, want)


if __name__ == "__main__":
    unittest.main()
