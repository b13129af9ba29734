#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`run msg client` against a real mosquitto broker started by the test (services.md §7,
data-ingestion.md §7.2, §9, §10): the seed example mapping, the golden `get msg clients`
layout, TLS with a throwaway CA, a broker restart in the middle of a QoS 1 stream, mapping
policies with readings and blobs, REST POST `command: data`, mapping failures counted and
kept in the error dir while the next message goes through, and `exit msg client`."""
import json
import os
import re
import socket
import sqlite3
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from mosquitto_broker import MosquittoBroker  # noqa: E402
from qlake_node import table_rows, SHARED_DIR, NodeTestCase, QlakeNode, wait_until  # noqa: E402

OUTPUTS = os.path.join(SHARED_DIR, "vectors", "outputs")

SEED_TOPIC = ('topic = (name = test and dbms = "bring [metadata][company]" and '
              'table = "bring [metadata][machine_name] _ [metadata][serial_number]" and '
              'column.timestamp.timestamp = "bring [ts]" and column.value.int = "bring [value]")')

GOLDEN_TOPIC = ('topic = (name = vectors-mqtt and dbms = new_company and table = vectors_mqtt and '
                'column.timestamp.timestamp = "bring [timestamp]" and column.device.str = "bring [device]" and '
                'column.value.float = "bring [value]")')


class MsgClientTest(NodeTestCase):

    def broker(self, tls=False):
        b = MosquittoBroker(tls=tls).start()
        self.addCleanup(b.cleanup)
        return b

    def start_ingest_node(self, dbms=("new_company",)):
        node = QlakeNode.with_rest(["create work directories"] + ["connect dbms %s where type = sqlite" % d for d in dbms])
        self.start_node(node)
        node.data = os.path.join(node.home, "data")
        return node

    def command(self, node, text):
        r = node.post(text)
        self.assertEqual(r.status, 200, r)
        return r

    def clients(self, node, where=""):
        r = node.get("get msg clients" + where)
        self.assertEqual(r.status, 200, r)
        return r.body

    def wait_connected(self, node, client_id=1, timeout=15):
        wait_until(lambda: "Connection:   Connected" in self.clients(node, " where id = %d" % client_id), timeout,
                   what="msg client %d connected" % client_id)

    def rows(self, node, dbms, table, order="rowid"):
        path = os.path.join(node.data, "dbms", dbms + ".dbms")
        if not os.path.exists(path):
            return None
        db = sqlite3.connect(path)
        db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in db.execute("select * from %s order by %s" % (table, order))]
        except sqlite3.Error:
            return None
        finally:
            db.close()

    def wait_rows(self, node, dbms, table, count, timeout=20):
        """Flushes the streaming buffers until the table holds `count` rows."""
        def ready():
            node.post("flush buffers")
            rows = self.rows(node, dbms, table)
            return rows is not None and len(rows) >= count
        wait_until(ready, timeout, interval=0.2, what="%d rows in %s.%s" % (count, dbms, table))
        rows = self.rows(node, dbms, table)
        self.assertEqual(len(rows), count)
        return rows

    # --- the seed example and the golden layout ------------------------------------------------
    def test_seed_example_mapping_produces_rows_per_message_table(self):
        broker = self.broker()
        node = self.start_ingest_node(dbms=("acme", "other"))
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and %s" % (broker.port, SEED_TOPIC))
        self.wait_connected(node)
        messages = []
        for i in range(5):
            company, machine, serial = ("acme", "m1", "77") if i < 3 else ("Other", "M 2", 8)
            messages.append(json.dumps({"metadata": {"company": company, "machine_name": machine, "serial_number": serial},
                                        "ts": "2024-06-10 12:00:0%d" % i, "value": i * 10}))
        broker.publish("test", messages)
        acme = self.wait_rows(node, "acme", "m1_77", 3)
        self.assertEqual([(r["timestamp"], r["value"]) for r in acme],
                         [("2024-06-10 12:00:00", 0), ("2024-06-10 12:00:01", 10), ("2024-06-10 12:00:02", 20)])
        other = self.wait_rows(node, "other", "m_2_8", 2)
        self.assertEqual([r["value"] for r in other], [30, 40])
        body = self.clients(node)
        self.assertIn("Broker:       127.0.0.1:%d" % broker.port, body)
        self.assertRegex(body, r"\r\n {14}5 {11}5 {11}0  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\r\n")
        self.assertIn("|['[metadata][company]']|['[metadata][machine_name]', '_', '[metadata][serial_number]']|timestamp  |timestamp  |['[ts]']        |False   |", body)
        r = node.get("get processes")
        self.assertRegex(r.body, r"MQTT +\|Running +\|")

    def test_get_msg_clients_has_the_golden_layout(self):
        broker = self.broker()
        node = self.start_ingest_node()
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and log = false and %s" % (broker.port, GOLDEN_TOPIC))
        self.wait_connected(node)
        with open(os.path.join(OUTPUTS, "mqtt_messages.jsonl"), encoding="utf-8") as f:
            lines = [line.strip() for line in f if line.strip()]
        broker.publish("vectors-mqtt", lines)
        rows = self.wait_rows(node, "new_company", "vectors_mqtt", len(lines))
        expected = [json.loads(line) for line in lines]
        self.assertEqual([(r["device"], r["value"]) for r in rows], [(e["device"], float(e["value"])) for e in expected])
        with open(os.path.join(OUTPUTS, "get_msg_clients.out"), encoding="utf-8", newline="") as f:
            golden = f.read()
        # The golden client was subscribed to EdgeLake's own broker; ours to mosquitto.
        golden = golden.replace("Broker:       local", "Broker:       127.0.0.1:%d" % broker.port)
        golden = golden.replace("Connection:   Connected to local Message Server", "Connection:   Connected")
        time_re = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
        body = self.clients(node)
        self.assertEqual(time_re.sub("T", body), time_re.sub("T", golden))
        # The same with a filter that matches, and the three "nothing" answers.
        self.assertEqual(time_re.sub("T", self.clients(node, " where topic = vectors-mqtt and broker = 127.0.0.1:%d" % broker.port)),
                         time_re.sub("T", golden))
        self.assertEqual(self.clients(node, " where id = 7"), "\r\nSubscription 7 is not in use")
        self.assertEqual(self.clients(node, " where topic = nothing"), "\r\nNo such client subscription")
        detailed = self.clients(node, " where detailed = true")
        self.assertIn("\r\n     Directories Used:\r\n     Directory Name Location", detailed)
        self.assertRegex(detailed, r"\r\n     Watch Dir +\|%s +\|" % re.escape(os.path.join(node.home, "data", "watch")))
        stats = self.clients(node, " where statistics = true")
        self.assertRegex(stats, r"\r\n     Topic +Success Failure Last Error Time Last Error \r\n.*\r\n     vectors-mqtt\| +10\| +0\|")
        brokers = node.get("get msg brokers").body
        self.assertRegex(brokers, r"127\.0\.0\.1:%d\|vectors-mqtt\| +1\| +10\| +10\| +0\|" % broker.port)
        self.command(node, "exit msg client 1")
        self.assertEqual(self.clients(node), "\r\nNo message client subscriptions")
        self.assertEqual(node.get("get msg brokers").body, "\r\nNo clients assigned to brokers")
        self.assertRegex(node.get("get processes").body, r"MQTT +\|Not declared")

    # --- validation -------------------------------------------------------------------------
    def test_command_validation_messages(self):
        broker = self.broker()
        node = self.start_ingest_node()
        cases = [
            ("run msg client where broker = rest and topic = (name = t and dbms = d and table = t and column.a.int = 1)",
             "Missing 'user-agent' value to determine REST calls to publish"),
            ("run msg client where broker = local and topic = (name = t and dbms = d and table = t)",
             "Missing mapping instructions for message in topic: 't'"),
            ("run msg client where broker = local and topic = (name = t and qos = 5 and dbms = d and table = t and column.a.int = 1)",
             "Wrong QoS value in MQTT mapping: '5' (0, 1 or 2)"),
            ("run msg client where broker = local and topic = (name = t and colour = red)",
             "Unrecognized topic component for MQTT mapping: 'colour'"),
            ("run msg client where broker = local and topic = (name = t and dbms = d and table = t and column.a.blob = 1)",
             "Wrong column type in MQTT mapping: 'blob'"),
            ("run msg client where broker = local and topic = (name = t and policy = no-such-policy)",
             "Mapping policy 'no-such-policy' is not available (topic 't')"),
        ]
        for command, message in cases:
            r = node.post(command)
            self.assertEqual(r.status, 400, (command, r))
            self.assertIn(message, r.body, command)
        self.assertEqual(self.clients(node), "\r\nNo message client subscriptions")
        topic = "topic = (name = t and dbms = d and table = x and column.a.int = \"bring [a]\")"
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and %s" % (broker.port, topic))
        r = node.post("run msg client where broker = 127.0.0.1 and port = %d and %s" % (broker.port, topic))
        self.assertEqual(r.status, 400, r)
        self.assertIn("MQTT Error: The Topic 't' was subscribed by client #1 on this broker", r.body)
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and %s" % (broker.port, topic.replace("name = t", "name = u")))
        self.assertIn("Subscription ID: 0002", self.clients(node))
        self.command(node, "exit msg client all")
        self.assertEqual(self.clients(node), "\r\nNo message client subscriptions")

    def test_wildcard_topic(self):
        broker = self.broker()
        node = self.start_ingest_node()
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and topic = (name = plant/+/temp and "
                           "dbms = new_company and table = wild_rows and column.n.int = \"bring [n]\")" % broker.port)
        self.wait_connected(node)
        broker.publish("plant/7/temp", [json.dumps({"n": 1})])
        broker.publish("plant/8/temp", [json.dumps({"n": 2})])
        broker.publish("plant/8/pressure", [json.dumps({"n": 3})])  # not subscribed
        self.assertEqual([r["n"] for r in self.wait_rows(node, "new_company", "wild_rows", 2)], [1, 2])
        self.assertRegex(self.clients(node), r"\r\n {14}2 {11}2 {11}0  ")

    # --- credentials ----------------------------------------------------------------------------
    def test_user_and_password(self):
        broker = MosquittoBroker(users={"qlake": "s3cret"}).start()
        self.addCleanup(broker.cleanup)
        node = self.start_ingest_node()
        topic = "topic = (name = %s and dbms = new_company and table = auth_rows and column.n.int = \"bring [n]\")"
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and user = qlake and password = wrong and %s" % (broker.port, topic % "a"))
        wait_until(lambda: "Connection:   Not connected: MQTT_ERR_CONN_REFUSED" in self.clients(node, " where id = 1"), 10, what="refused")
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and user = qlake and password = s3cret and %s" % (broker.port, topic % "b"))
        self.wait_connected(node, client_id=2)
        self.assertIn("User:         qlake", self.clients(node, " where id = 2"))
        broker.publish("b", [json.dumps({"n": 7})])
        self.assertEqual([r["n"] for r in self.wait_rows(node, "new_company", "auth_rows", 1)], [7])

    # --- TLS ----------------------------------------------------------------------------------
    def test_tls_broker(self):
        broker = self.broker(tls=True)
        node = self.start_ingest_node()
        self.command(node, "run msg client where broker = localhost and port = %d%s and topic = (name = secure and qos = 1 and "
                           "dbms = new_company and table = tls_rows and column.v.int = \"bring [v]\")" % (broker.port, broker.client_options()))
        self.wait_connected(node)
        broker.publish("secure", [json.dumps({"v": i}) for i in range(20)], qos=1, host="localhost")
        rows = self.wait_rows(node, "new_company", "tls_rows", 20)
        self.assertEqual([r["v"] for r in rows], list(range(20)))

    def test_tls_with_a_client_certificate(self):
        broker = MosquittoBroker(tls=True, client_certificates=True).start()
        self.addCleanup(broker.cleanup)
        node = self.start_ingest_node()
        topic = "topic = (name = %s and dbms = new_company and table = mtls_rows and column.v.int = \"bring [v]\")"
        # Without a certificate the broker refuses the handshake.
        self.command(node, "run msg client where broker = localhost and port = %d and cafile = %s and %s" % (broker.port, broker.tls["ca"], topic % "a"))
        self.command(node, "run msg client where broker = localhost and port = %d and cafile = %s and certfile = %s and keyfile = %s and %s"
                     % (broker.port, broker.tls["ca"], broker.tls["client_cert"], broker.tls["client_key"], topic % "b"))
        self.wait_connected(node, client_id=2)
        self.assertIn("Connection:   Not connected", self.clients(node, " where id = 1"))
        broker.publish("b", [json.dumps({"v": 3})], host="localhost")
        self.assertEqual([r["v"] for r in self.wait_rows(node, "new_company", "mtls_rows", 1)], [3])

    def test_tls_refuses_an_unknown_ca(self):
        broker = self.broker(tls=True)
        node = self.start_ingest_node()
        # Trust the server's own certificate file as a CA: not the CA that signed it.
        bogus = MosquittoBroker(tls=True)
        self.addCleanup(bogus.cleanup)
        self.command(node, "run msg client where broker = localhost and port = %d and cafile = %s and topic = (name = secure and "
                           "dbms = new_company and table = tls_rows and column.v.int = \"bring [v]\")" % (broker.port, bogus.tls["ca"]))
        time.sleep(2)
        self.assertIn("Connection:   Not connected", self.clients(node))

    # --- reconnection -------------------------------------------------------------------------
    def test_broker_restart_loses_no_qos1_message_published_after_the_reconnect(self):
        broker = self.broker()
        node = self.start_ingest_node()
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and topic = (name = stream and qos = 1 and "
                           "dbms = new_company and table = restart_rows and column.n.int = \"bring [n]\")" % broker.port)
        self.wait_connected(node)
        broker.publish("stream", [json.dumps({"n": i}) for i in range(100)], qos=1)
        self.wait_rows(node, "new_company", "restart_rows", 100)
        broker.stop()
        wait_until(lambda: "Connection:   Not connected" in self.clients(node), 10, what="disconnect seen")
        broker.start()
        self.wait_connected(node, timeout=30)
        broker.publish("stream", [json.dumps({"n": i}) for i in range(100, 1100)], qos=1)
        rows = self.wait_rows(node, "new_company", "restart_rows", 1100)
        self.assertEqual(sorted(r["n"] for r in rows), list(range(1100)))

    def test_client_started_before_its_broker_connects_when_it_comes_up(self):
        broker = MosquittoBroker()
        self.addCleanup(broker.cleanup)
        node = self.start_ingest_node()
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and topic = (name = late and "
                           "dbms = new_company and table = late_rows and column.n.int = \"bring [n]\")" % broker.port)
        self.assertIn("Connection:   Not connected: MQTT_ERR_", self.clients(node))
        broker.start()
        self.wait_connected(node, timeout=30)
        broker.publish("late", [json.dumps({"n": 1})])
        self.wait_rows(node, "new_company", "late_rows", 1)

    def test_exit_does_not_wait_for_an_unreachable_broker(self):
        node = self.start_ingest_node()
        # A listener that never accepts, its backlog full: a TCP connect to it hangs (SYNs dropped).
        server = socket.socket()
        self.addCleanup(server.close)
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        for _ in range(4):
            filler = socket.socket()
            self.addCleanup(filler.close)
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        time.sleep(0.2)
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and topic = (name = t and "
                           "dbms = new_company and table = x and column.n.int = \"bring [n]\")" % port)
        time.sleep(0.5)
        self.assertIn("Connection:   Not connected", self.clients(node))
        start = time.monotonic()
        self.command(node, "exit msg client 1")
        self.assertLess(time.monotonic() - start, 6)
        self.assertEqual(self.clients(node), "\r\nNo message client subscriptions")
        self.assertEqual(node.get("get status").status, 200)

    # --- mapping policies ---------------------------------------------------------------------
    def test_mapping_policy_with_readings_and_blobs(self):
        broker = self.broker()
        node = self.start_ingest_node(dbms=("plant",))
        readings = {"mapping": {"id": "sensor-policy", "dbms": "bring [dbms]", "table": "bring [sensor]", "source": "bring [device_id]",
                                "readings": "readings", "schema": {
                                    "timestamp": {"type": "timestamp", "bring": "[timestamp]", "default": "now()"},
                                    "value": {"type": "float", "bring": ["[value]", "[val]"]},
                                    "site": {"type": "str", "bring": "[site]", "root": True},
                                    "taken": {"type": "timestamp", "bring": "[epoch]", "apply": "epoch_to_datetime", "optional": True}}}}
        images = {"mapping": {"id": "image-policy", "dbms": "plant", "table": "frames", "schema": {
            "camera": {"type": "str", "bring": "[camera]"},
            "image": {"type": "varchar", "bring": "[img]", "blob": True, "hash": "md5", "extension": "png", "apply": "base64decoding"}}}}
        for name, policy in (("readings", readings), ("images", images)):
            self.command(node, "%s = %s" % (name, json.dumps(policy)))
            self.command(node, "blockchain insert where policy = !%s and local = true" % name)
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and topic = (name = sensors and policy = sensor-policy) "
                           "and topic = (name = cameras and policy = image-policy)" % broker.port)
        self.wait_connected(node)
        body = self.clients(node)
        # Policy rows have one field fewer than the titles (EdgeLake's quirk): QoS lands under Dynamic.
        self.assertRegex(body, r"\r\n     sensors\| +0\|(   \|){0,1}[ |]*\|blockchain get \(mapping,transform\) where \[id\] == sensor-policy *\|\r\n")
        message = {"dbms": "plant", "sensor": "temp", "device_id": "d1", "site": "north", "readings": [
            {"timestamp": "2024-06-10 12:00:00", "value": 1.5},
            {"timestamp": "2024-06-10 12:01:00", "val": "2.5", "epoch": 1718020800},
            {"value": 3}]}
        broker.publish("sensors", [json.dumps(message)])
        rows = self.wait_rows(node, "plant", "temp", 3)
        self.assertEqual([(r["value"], r["site"]) for r in rows], [(1.5, "north"), (2.5, "north"), (3.0, "north")])
        self.assertEqual(rows[0]["timestamp"], "2024-06-10 12:00:00")
        self.assertEqual(rows[1]["taken"], "2024-06-10 12:00:00.000000")
        self.assertRegex(rows[2]["timestamp"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # default now()
        import base64
        import hashlib
        png = bytes(range(256)) * 4
        broker.publish("cameras", [json.dumps({"camera": "cam-1", "img": base64.b64encode(png).decode()})])
        md5 = hashlib.md5(png).hexdigest()
        # The blob is DBMS.TABLE.HASH.EXTENSION; the row keeps HASH.EXTENSION.
        blob = os.path.join(node.data, "blobs", "plant.frames.%s.png" % md5)
        wait_until(lambda: os.path.exists(blob), 10, what="blob file")
        with open(blob, "rb") as f:
            self.assertEqual(f.read(), png)
        bwatch = os.path.join(node.data, "bwatch")
        wait_until(lambda: os.listdir(bwatch), 10, what="descriptor in bwatch_dir")
        [descriptor] = os.listdir(bwatch)
        self.assertTrue(descriptor.startswith("plant.frames.0.") and descriptor.endswith(".image-policy.json"), descriptor)
        with open(os.path.join(bwatch, descriptor), encoding="utf-8") as f:
            self.assertEqual(json.loads(f.read()), {"camera": "cam-1", "image": md5 + ".png"})
        # The blobs archiver finds the blob through the policy's blob column, files it under
        # blobs_dir/YY/MM/DD and hands the row to the Operator's watch_dir.
        self.command(node, "run blobs archiver")
        wait_until(lambda: not os.listdir(bwatch), 10, what="descriptor taken from bwatch_dir")
        day = time.strftime("%y/%m/%d", time.gmtime())
        self.assertTrue(os.path.exists(os.path.join(node.data, "blobs", day, "plant.frames.%s.png" % md5)))
        self.assertFalse(os.path.exists(blob))
        [forwarded] = os.listdir(os.path.join(node.data, "watch"))
        self.assertRegex(forwarded, r"^plant\.frames\.0\.[0-9a-f]{32}\.image-policy\.json$")
        rows = table_rows(node.get("get blobs archiver").body)
        self.assertEqual(rows[0][:3], ["Source JSON", "1", "0"])
        self.assertEqual(rows[1][:3], ["plant.frames", "1", "0"])
        details = json.loads(node.get("get processes where format = json").body)["Blobs Archiver"]
        self.assertEqual(details, {"Status": "Running", "Details": "Flags: dbms = False, folder = True, compress = False, reuse_blobs = False"})

    # --- failures -----------------------------------------------------------------------------
    def test_failed_messages_are_counted_and_kept_and_the_next_one_maps(self):
        broker = self.broker()
        node = self.start_ingest_node()
        self.command(node, "run msg client where broker = 127.0.0.1 and port = %d and log_error = true and topic = (name = t and "
                           "dbms = new_company and table = good_rows and column.n.int = \"bring [n]\")" % broker.port)
        self.wait_connected(node)
        broker.publish("t", ['{"n": 1}', "not json", '{"other": 2}', '{"n": "x"}', '{"n": 5}'])
        rows = self.wait_rows(node, "new_company", "good_rows", 2)
        self.assertEqual([r["n"] for r in rows], [1, 5])
        body = self.clients(node)
        self.assertRegex(body, r"\r\n {14}5 {11}2 {11}3  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  "
                               r"Error with data provided by a subscribed message")
        err_dir = os.path.join(node.data, "error")
        kept = sorted(f for f in os.listdir(err_dir) if not f.endswith(".reason"))
        self.assertEqual(len(kept), 3, kept)
        self.assertTrue(any(f.startswith("err_158.err_127_0_0_1_%d.t." % broker.port) for f in kept), kept)
        contents = set()
        for f in kept:
            with open(os.path.join(err_dir, f), encoding="utf-8") as fh:
                contents.add(fh.read())
        self.assertEqual(contents, {"not json", '{"other": 2}', '{"n": "x"}'})

    # --- REST POST command: data --------------------------------------------------------------
    def test_rest_post_command_data(self):
        node = self.start_ingest_node()
        r = node.post("data", headers={"topic": "my-topic"}, body='[{"v": 1}]')
        self.assertEqual(r.status, 400, r)
        self.assertIn("run msg client where broker = rest", r.body)
        self.command(node, "run msg client where broker = rest and user-agent = anylog and topic = (name = my-topic and "
                           "dbms = new_company and table = rest_rows and column.v.float = \"bring [v]\" and column.at.timestamp = now)")
        self.assertIn("Connection:   Connected to local Message Server", self.clients(node))
        self.assertIn("Broker:       rest", self.clients(node))
        r = node.post("data", headers={"topic": "my-topic", "Content-Type": "text/plain"}, body='[{"v": 1}, {"v": 2.5}]')
        self.assertEqual(r.status, 200, r)
        r = node.post("data", body='{"v": 4}')  # one topic: the header may be left out
        self.assertEqual(r.status, 200, r)
        r = node.post("data", headers={"topic": "other-topic"}, body='{"v": 4}')
        self.assertEqual(r.status, 400, r)
        r = node.post("data", headers={"topic": "my-topic"}, body='{"w": 4}')
        self.assertEqual(r.status, 400, r)
        self.assertIn("failed to retrieve value", r.body)
        rows = self.wait_rows(node, "new_company", "rest_rows", 3)
        self.assertEqual([r["v"] for r in rows], [1.0, 2.5, 4.0])
        self.assertTrue(all(r["at"] for r in rows))


if __name__ == "__main__":
    unittest.main(verbosity=2)
