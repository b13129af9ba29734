#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Message broker benchmarks of the real qlake-node against the real mosquitto broker, same run,
same clients. Usage: broker_bench.py BUILD_DIR

Prints one line per figure on stdout, `name value (target ...)`; progress goes to stderr.

* broker_relay_msgs_per_s_qlake / _mosquitto: 4 mosquitto_pub -l processes publish ~100-byte
  JSON lines at QoS 0 (PUBLISHERS x MESSAGES_EACH) while one libmosquitto subscriber
  (bench-mqtt-subscriber) receives them through the broker; messages relayed per second from
  the publishers' start to the last message received. Target for Qlake: 100,000/s.
* broker_cpu_ns_per_msg_qlake / _mosquitto: CPU time (user + system) the broker process spent
  per relayed message in that run: steadier than the rate on a shared machine, where the
  publishers, the subscriber and other work compete for the same cores.
* broker_rss_mb_1000_idle_plus_load: peak RSS of qlake-node with 1,000 idle MQTT clients
  connected while the relay load above runs again. Target < 200 MB.
* broker_local_rows_per_s: broker = local mapping into rows: 1,000,000 messages of the same
  shape (PUBLISHERS x LOCAL_MESSAGES_EACH) mapped into bench.readings, rows per second from the
  publishers' start until every row is in the table (issue #6). Target: 100,000/s."""
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import json

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
from bench_support import cpu_seconds, log, status_kb  # noqa: E402
from qlake_node import BIN_DIR, QlakeNode, free_port  # noqa: E402

PUBLISHERS = 4
MESSAGES_EACH = 50000
LOCAL_MESSAGES_EACH = 250000  # issue #6: 1,000,000 messages into rows
IDLE_CLIENTS = 1000
TARGETS = {
    "broker_relay_msgs_per_s_qlake": (">=", 100000),
    "broker_rss_mb_1000_idle_plus_load": ("<=", 200),
    "broker_local_rows_per_s": (">=", 100000),
}


def report(name, value):
    if name in TARGETS:
        op, target = TARGETS[name]
        met = value >= target if op == ">=" else value <= target
        print("%s %d (target %s %d%s)" % (name, round(value), op, target, "" if met else ", missed"), flush=True)
    else:
        print("%s %d (no target)" % (name, round(value)), flush=True)


def tool(name):
    path = shutil.which(name)
    if not path:
        raise RuntimeError("%s not found: install mosquitto and mosquitto-clients (scripts/install-deps.sh)" % name)
    return path


def message_files(folder, each=MESSAGES_EACH, prefix="publisher"):
    paths = []
    for p in range(PUBLISHERS):
        path = os.path.join(folder, "%s-%d.jsonl" % (prefix, p))
        with open(path, "w") as f:
            for i in range(each):
                # ~100 bytes, the shape of a sensor reading published by a device.
                f.write(json.dumps({"dbms": "bench", "table": "readings", "device": "sensor-%02d" % (i % 50),
                                    "ts": "2026-11-28 04:00:%02d.%03d" % (i % 60, i % 1000), "value": i}) + "\n")
        paths.append(path)
    return paths


def relay(port, files, broker_pid=None, name=None):
    """Messages per second relayed by the broker on port from PUBLISHERS publishers to one
    subscriber; with a name, reports the rate and the broker's CPU time per message."""
    total = PUBLISHERS * MESSAGES_EACH
    sub = subprocess.Popen([os.path.join(BIN_DIR, "bench-mqtt-subscriber"), "127.0.0.1", str(port), "bench/#", str(total), "60"],
                           stdout=subprocess.PIPE, text=True)
    try:
        if sub.stdout.readline().strip() != "ready":
            raise RuntimeError("the subscriber did not subscribe")
        cpu_before = cpu_seconds(broker_pid) if broker_pid else 0
        start = time.time()
        pubs = [subprocess.Popen([tool("mosquitto_pub"), "-h", "127.0.0.1", "-p", str(port), "-q", "0", "-t", "bench/p%d" % i, "-l"],
                                 stdin=open(path, "rb"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for i, path in enumerate(files)]
        for p in pubs:
            p.wait(120)
            p.stdin and p.stdin.close()
        out = sub.stdout.readline().split()
        sub.wait(120)
        received, last_ns = int(out[1]), int(out[2])
        cpu = cpu_seconds(broker_pid) - cpu_before if broker_pid else 0
    finally:
        if sub.poll() is None:
            sub.kill()
        sub.stdout.close()
    if received < total:
        log("  %d of %d messages arrived (QoS 0 may drop)" % (received, total))
    rate = received / max(last_ns / 1e9 - start, 1e-6)
    if name:
        report("broker_relay_msgs_per_s_" + name, rate)
        report("broker_cpu_ns_per_msg_" + name, cpu * 1e9 / max(received, 1))
    return rate


def idle_clients(port, count):
    """count raw MQTT 3.1.1 clients, each CONNECTed (keep-alive 600 s) and acknowledged."""
    sockets = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        client_id = b"idle-%d" % i
        body = b"\x00\x04MQTT\x04\x02\x02\x58" + len(client_id).to_bytes(2, "big") + client_id
        s.sendall(bytes([0x10, len(body)]) + body)
        sockets.append(s)
    for s in sockets:
        if s.recv(4) != b"\x20\x02\x00\x00":
            raise RuntimeError("an idle client was not accepted")
    return sockets


def local_rows_hook(node, port, folder):
    """broker_local_rows_per_s: PUBLISHERS x LOCAL_MESSAGES_EACH messages of the relay's shape
    are published on one topic that a `broker = local` subscription maps into bench.readings
    (the subscription form of tests/integration/27-mqtt-local-ingest.py); rows per second from
    the publishers' start until every row is in the SQLite table."""
    r = node.post("run msg client where broker = local and log = false and topic = (name = bench-rows and dbms = bench and "
                  "table = readings and column.timestamp.timestamp = \"bring [ts]\" and column.device.str = \"bring [device]\" and "
                  "column.value.int = \"bring [value]\")")
    if r.status != 200 and "Unknown command" in r.body:
        log("broker_local_rows_per_s: skipped, this node has no `run msg client` yet")
        return
    if r.status != 200:
        raise RuntimeError("run msg client failed: %r" % r)
    files = message_files(folder, LOCAL_MESSAGES_EACH, "local")
    total = PUBLISHERS * LOCAL_MESSAGES_EACH
    start = time.time()
    pubs = [subprocess.Popen([tool("mosquitto_pub"), "-h", "127.0.0.1", "-p", str(port), "-q", "0", "-t", "bench-rows", "-l"],
                             stdin=open(path, "rb"), stdout=subprocess.DEVNULL) for path in files]
    for p in pubs:
        p.wait(300)
    log("  local rows: publishers done after %.1f s" % (time.time() - start))
    db_path = os.path.join(node.home, "data", "dbms", "bench.dbms")

    def rows():
        try:
            db = sqlite3.connect(db_path)
            try:
                return db.execute("select count(*) from readings").fetchone()[0]
            finally:
                db.close()
        except sqlite3.Error:
            return 0
    count = 0
    while time.time() - start < 300:
        node.post("flush buffers", timeout=300)  # waits for the writer, behind by seconds
        count = rows()
        if count >= total:
            break
        time.sleep(0.2)
    if count < total:
        log("  %d of %d rows arrived" % (count, total))
    report("broker_local_rows_per_s", count / (time.time() - start))


def main():
    tool("mosquitto")
    tool("mosquitto_pub")
    with tempfile.TemporaryDirectory(prefix="qlake-broker-bench-") as folder:
        files = message_files(folder)

        qlake_port = free_port()
        node = QlakeNode.with_rest(["create work directories", "connect dbms bench where type = sqlite",
                                    "run message broker where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % qlake_port])
        node.start()
        try:
            node.wait_rest()
            relay(qlake_port, files)  # warm-up
            relay(qlake_port, files, node.proc.pid, "qlake")

            mosquitto_port = free_port()
            conf = os.path.join(folder, "mosquitto.conf")
            with open(conf, "w") as f:
                f.write("listener %d 127.0.0.1\nallow_anonymous true\n" % mosquitto_port)
            mosquitto = subprocess.Popen([tool("mosquitto"), "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                deadline = time.time() + 10
                while True:
                    try:
                        socket.create_connection(("127.0.0.1", mosquitto_port), timeout=1).close()
                        break
                    except OSError:
                        if time.time() > deadline:
                            raise
                        time.sleep(0.05)
                relay(mosquitto_port, files)
                relay(mosquitto_port, files, mosquitto.pid, "mosquitto")
            finally:
                mosquitto.terminate()
                mosquitto.wait(10)

            idle = idle_clients(qlake_port, IDLE_CLIENTS)
            log("  %d idle clients: qlake-node RSS %d MB" % (len(idle), status_kb(node.proc.pid, "VmRSS:") // 1024))
            peak = [0]
            sampling = threading.Event()

            def sample():
                while not sampling.is_set():
                    peak[0] = max(peak[0], status_kb(node.proc.pid, "VmRSS:"))
                    time.sleep(0.05)
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            rate = relay(qlake_port, files)
            sampling.set()
            sampler.join()
            log("  relay with %d idle clients: %d msg/s" % (IDLE_CLIENTS, rate))
            report("broker_rss_mb_1000_idle_plus_load", peak[0] / 1024)
            for s in idle:
                s.close()

            local_rows_hook(node, qlake_port, folder)
        finally:
            node.cleanup()


if __name__ == "__main__":
    main()
