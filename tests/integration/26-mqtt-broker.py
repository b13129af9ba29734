#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The node's MQTT broker (services.md §6) driven by the real Debian mosquitto clients:
mosquitto_pub/mosquitto_sub in MQTT 3.1.1 and 5 (-V mqttv5) at QoS 0/1/2, retained and will
messages, + and # delivery, refused credentials, and a raw socket sending a malformed packet
without disturbing another client. `get local broker`, `get processes` and `get connections`
are read over REST as a user would."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, free_port, wait_until, table_rows  # noqa: E402

PUB = shutil.which("mosquitto_pub")
SUB = shutil.which("mosquitto_sub")
# mosquitto_sub writes through stdio: line-buffer it so its SUBACK line is seen when it happens.
STDBUF = shutil.which("stdbuf")


def broker_command(port, extra=""):
    cmd = "run message broker where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port
    return cmd + (" and " + extra if extra else "")


class Subscriber:
    """A mosquitto_sub process; ready once its SUBACK came back (seen in its -d output)."""

    def __init__(self, port, topics, count, qos=0, version="mqttv311", extra=()):
        args = [STDBUF, "-oL", SUB, "-h", "127.0.0.1", "-p", str(port), "-V", version, "-q", str(qos), "-C", str(count),
                "-W", "20", "-d", "-F", "MSG %r %q %t %p"]
        for t in topics:
            args += ["-t", t]
        self.proc = subprocess.Popen(args + list(extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.ready.wait(10):
            self.proc.kill()
            raise AssertionError("mosquitto_sub never got its SUBACK: %r" % self.lines)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if "SUBACK" in line:
                self.ready.set()

    def messages(self, timeout=20):
        """[(retain, qos, topic, payload)] once the process exited after its -C count."""
        self.proc.wait(timeout)
        self.reader.join(5)
        out = []
        for line in self.lines:
            if line.startswith("MSG "):
                _, retain, qos, topic, payload = line.split(" ", 4)
                out.append((retain, qos, topic, payload))
        return out

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)
        self.reader.join(5)
        self.proc.stdout.close()


def publish(port, topic, message, qos=0, version="mqttv311", extra=()):
    return subprocess.run([PUB, "-h", "127.0.0.1", "-p", str(port), "-V", version, "-q", str(qos), "-t", topic, "-m", message] + list(extra),
                          capture_output=True, text=True, timeout=20)


class MqttBrokerTest(NodeTestCase):
    @classmethod
    def setUpClass(cls):
        if not PUB or not SUB or not STDBUF:
            raise AssertionError("mosquitto_pub/mosquitto_sub/stdbuf not found: install mosquitto-clients and coreutils (scripts/install-deps.sh)")
        cls.broker_port = free_port()
        cls.node = cls.start_class_node(QlakeNode.with_rest([broker_command(cls.broker_port)]))

    def subscriber(self, *args, **kw):
        s = Subscriber(self.broker_port, *args, **kw)
        self.addCleanup(s.kill)
        return s

    def test_qos_levels_both_versions(self):
        for version in ("mqttv311", "mqttv5"):
            for qos in (0, 1, 2):
                with self.subTest(version=version, qos=qos):
                    topic = "plant/%s/q%d" % (version, qos)
                    sub = self.subscriber([topic], 1, qos=2, version=version)
                    body = '{"value": %d, "version": "%s"}' % (qos, version)
                    r = publish(self.broker_port, topic, body, qos=qos, version=version)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(sub.messages(), [("0", str(qos), topic, body)])

    def test_wildcards(self):
        hash_sub = self.subscriber(["site/#"], 2)
        plus_sub = self.subscriber(["site/+/power"], 1)
        for topic, value in (("site/a/power", "1"), ("site/a/b/power", "2")):
            self.assertEqual(publish(self.broker_port, topic, value).returncode, 0)
        self.assertEqual([m[2:] for m in hash_sub.messages()], [("site/a/power", "1"), ("site/a/b/power", "2")])
        self.assertEqual([m[2:] for m in plus_sub.messages()], [("site/a/power", "1")])

    def test_retained(self):
        self.assertEqual(publish(self.broker_port, "status/pump", "on", qos=1, extra=["-r"]).returncode, 0)
        for version in ("mqttv311", "mqttv5"):
            late = self.subscriber(["status/+"], 1, qos=1, version=version)
            self.assertEqual(late.messages(), [("1", "1", "status/pump", "on")])
        # An empty retained message clears it: a new subscriber then waits in vain.
        self.assertEqual(publish(self.broker_port, "status/pump", "", extra=["-r"]).returncode, 0)
        nothing = subprocess.run([SUB, "-h", "127.0.0.1", "-p", str(self.broker_port), "-t", "status/+", "-C", "1", "-W", "2"],
                                 capture_output=True, text=True, timeout=20)
        self.assertEqual(nothing.stdout, "")

    def test_will(self):
        for version in ("mqttv311", "mqttv5"):
            with self.subTest(version=version):
                watcher = self.subscriber(["will/#"], 1, qos=1)
                doomed = self.subscriber(["nothing/here"], 1, version=version,
                                         extra=["--will-topic", "will/" + version, "--will-payload", "sensor lost", "--will-qos", "1"])
                doomed.proc.send_signal(signal.SIGKILL)  # no DISCONNECT: the broker publishes the will
                self.assertEqual(watcher.messages(), [("0", "1", "will/" + version, "sensor lost")])

    def test_persistent_session(self):
        for version in ("mqttv311", "mqttv5"):
            with self.subTest(version=version):
                client = ["-c", "-i", "keeper-" + version] + (["-x", "600"] if version == "mqttv5" else [])
                first = self.subscriber(["away/" + version + "/#"], 1, qos=1, version=version, extra=client)
                self.assertEqual(publish(self.broker_port, "away/%s/1" % version, "seen", qos=1).returncode, 0)
                self.assertEqual(first.messages(), [("0", "1", "away/%s/1" % version, "seen")])
                # Published while the client is away, kept in its session, delivered on its return.
                self.assertEqual(publish(self.broker_port, "away/%s/2" % version, "kept", qos=1).returncode, 0)
                back = subprocess.run([SUB, "-h", "127.0.0.1", "-p", str(self.broker_port), "-V", version, "-q", "1", "-t", "away/%s/#" % version,
                                       "-C", "1", "-W", "10", "-F", "%t %p"] + client, capture_output=True, text=True, timeout=20)
                self.assertEqual(back.stdout.strip(), "away/%s/2 kept" % version, back.stderr)

    def test_malformed_packet_only_closes_its_connection(self):
        sub = self.subscriber(["after/garbage"], 1)
        raw = socket.create_connection(("127.0.0.1", self.broker_port), timeout=5)
        body = b"\x00\x04MQTT\x04\x02\x00\x3c\x00\x03raw"
        raw.sendall(bytes([0x10, len(body)]) + body)
        self.assertEqual(raw.recv(4), b"\x20\x02\x00\x00")
        raw.sendall(b"\x30\xff\xff\xff\xff\x01")  # a remaining length of five bytes
        self.assertEqual(raw.recv(16), b"")       # closed by the broker
        raw.close()
        self.assertEqual(publish(self.broker_port, "after/garbage", "still served").returncode, 0)
        self.assertEqual(sub.messages(), [("0", "0", "after/garbage", "still served")])
        errors = self.node.get("get error log").body
        self.assertIn("client 'raw'", errors)
        self.assertIn("remaining length", errors)

    def test_monitoring(self):
        self.assertEqual(publish(self.broker_port, "monitor/x", "1").returncode, 0)
        rows = table_rows(self.node.get("get local broker").body)
        connect = [r for r in rows if r[2] == "CONNECT"]
        self.assertEqual(connect[0][:2], ["MQTT", "127.0.0.1"])
        self.assertGreaterEqual(int(connect[0][3].replace(",", "")), 1)
        self.assertTrue(any(r[2] == "PUBLISH" for r in rows))
        processes = {r[0]: r for r in table_rows(self.node.get("get processes").body)}
        self.assertEqual(processes["MSG Broker"][1:], ["Running", "Listening on: 127.0.0.1:%d, Threads Pool: 6" % self.broker_port])
        connections = {r[0]: r for r in table_rows(self.node.get("get connections").body)}
        self.assertEqual(connections["Messaging"][1:], ["127.0.0.1:%d" % self.broker_port] * 3)


class MqttAuthenticationTest(NodeTestCase):
    def test_credentials(self):
        port = free_port()
        node = self.start_node(QlakeNode.with_rest([broker_command(port, "user = sensors and password = s3cret")]))
        for version, refusal in (("mqttv311", "bad user name or password"), ("mqttv5", "Bad User Name or Password")):
            with self.subTest(version=version):
                wrong = publish(port, "a", "x", version=version, extra=["-u", "sensors", "-P", "nope"])
                self.assertNotEqual(wrong.returncode, 0)
                self.assertIn(refusal.lower(), (wrong.stderr + wrong.stdout).lower())
                right = publish(port, "a", "x", version=version, extra=["-u", "sensors", "-P", "s3cret"])
                self.assertEqual(right.returncode, 0, right.stderr)
        rows = table_rows(node.get("get local broker").body)
        connect = [r for r in rows if r[2] == "CONNECT"][0]
        self.assertEqual(connect[3], "2")
        self.assertEqual(connect[5], "2")
        self.assertEqual(connect[7], "Failed to authenticate message")


if __name__ == "__main__":
    unittest.main(verbosity=2)
