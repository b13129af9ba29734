#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Message client benchmark (issue #6). Usage: msgclient_bench.py BUILD_DIR

A real mosquitto broker on a free port, a Qlake node subscribed to it with `run msg client`
(inline mapping of three columns), and 200,000 QoS 0 JSON readings of ~100 bytes published by
a raw MQTT publisher (one connection, every PUBLISH packet written at once; mosquitto_pub alone
is slower than the client). The figure is messages/s from the first publish until every row is
queryable (count(*) in the dbms file after `flush buffers`). One line per figure on stdout;
progress on stderr.
Then bench-msgclient-local: the same readings handed to the `broker = local` entry point
(MsgClientService::deliverLocal) in-process, without a broker in front."""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
sys.path.insert(0, HERE)
from mosquitto_broker import MosquittoBroker  # noqa: E402
from qlake_node import QlakeNode, wait_until  # noqa: E402
from bench_support import count, log  # noqa: E402

MESSAGES = int(os.environ.get("MSGCLIENT_BENCH_MESSAGES", "200000"))


def main():
    broker = MosquittoBroker().start()
    node = QlakeNode.with_rest(["create work directories", "connect dbms bench where type = sqlite", "run streamer"])
    node.start()
    node.wait_rest()
    try:
        r = node.post("run msg client where broker = 127.0.0.1 and port = %d and topic = (name = readings and dbms = bench and "
                      "table = mqtt_readings and column.timestamp.timestamp = \"bring [timestamp]\" and "
                      "column.device.str = \"bring [device]\" and column.value.float = \"bring [value]\")" % broker.port)
        if r.status != 200:
            raise RuntimeError("run msg client failed: %r" % r)
        wait_until(lambda: "Connection:   Connected" in node.get("get msg clients").body, 15, what="connected")
        lines = [json.dumps({"timestamp": "2025-01-01 00:%02d:%02d.%06d" % (i // 60000 % 60, i // 1000 % 60, i % 1000000),
                             "device": "sensor-%04d" % (i % 1000), "value": round(i * 0.37, 2)}) for i in range(MESSAGES)]
        log("msgclient_bench: %d messages of %d bytes on average" % (MESSAGES, sum(map(len, lines)) // MESSAGES))
        db_path = os.path.join(node.home, "data", "dbms", "bench.dbms")
        start = time.monotonic()
        broker.publish_fast("readings", lines)
        published = time.monotonic() - start
        log("msgclient_bench: published in %.2f s" % published)
        deadline = time.monotonic() + 120
        seen = 0
        received_at = None
        while time.monotonic() < deadline:
            if received_at is None and (" %d " % MESSAGES) in node.get("get msg clients").body:
                received_at = time.monotonic() - start
                log("msgclient_bench: all messages mapped after %.2f s" % received_at)
            node.post("flush buffers")
            seen = count(db_path, "mqtt_readings")
            if seen >= MESSAGES:
                break
            time.sleep(0.05)
        elapsed = time.monotonic() - start
        if seen < MESSAGES:
            log("msgclient_bench: only %d of %d rows after %.1f s\n%s" % (seen, MESSAGES, elapsed, node.get("get msg clients").body))
        print("msgclient_external_broker_msgs_per_s %d (rows %d of %d; target >= 100000)" % (seen / elapsed, seen, MESSAGES), flush=True)
    finally:
        node.cleanup()
        broker.cleanup()
    build = os.environ.get("QLAKE_BUILD_DIR", os.path.join(HERE, "..", "..", "build"))
    local = os.path.join(build, "bin", "bench-msgclient-local")
    if not os.path.exists(local):
        raise RuntimeError("%s is not built (cmake --build build --target bench-msgclient-local)" % local)
    r = subprocess.run([local, str(MESSAGES)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        raise RuntimeError("bench-msgclient-local failed: %s" % r.stderr)


if __name__ == "__main__":
    main()
