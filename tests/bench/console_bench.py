#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Console benchmark (issue #7). Usage: console_bench.py BUILD_DIR [SECONDS]

A node ingests ~50,000 rows/s into 20 tables (streaming PUTs, 250-row batches, from a paced
load generator in this process) with its operator and streamer running, and has 10
subscriptions (`broker = local` msg clients) fed 1,000 MQTT messages/s through its own broker. Phases of SECONDS
(default 30) each, the same load every time:
  1. the node alone: its CPU time is the ingest baseline;
  2. a qlake-console (offscreen) attached to it as a remote node, showing its Operator view:
     the console's CPU (% of one core, /proc/PID/stat) and peak RSS (VmHWM), and the node's
     CPU per row against the mean of phase 1 and a phase 2b without the console (the node's
     cost per row drifts up as its tables grow) = the cost of serving the /events feed;
  3. a qlake-console embedding the node itself (same script): its CPU and peak RSS; minus
     phase 1's node CPU, what the window adds.
One line per figure on stdout (`name value (target)`), progress on stderr. CPU figures on a
machine shared with other builds are noisy: read them as an order of magnitude."""
import json
import os
import re
import shutil
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import http.client

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
from bench_support import cpu_seconds, log, status_kb  # noqa: E402
from qlake_node import BIN_DIR, QlakeNode, free_port, rest_server_command, wait_until  # noqa: E402

SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
TABLES = 20
ROWS_PER_S = 50000
BATCH = 250
SUBSCRIPTIONS = 10
MQTT_MSGS_PER_S = 1000
CONSOLE_BIN = os.path.join(BIN_DIR, "qlake-console")


def node_script(tcp_port, rest_port, broker_port):
    subscriptions = ['run msg client where broker = local and log = false and topic = (name = sub-%d and dbms = bench and '
                     'table = sub_%d and column.ts.timestamp = "bring [ts]" and column.v.float = "bring [v]")' % (i, i)
                     for i in range(SUBSCRIPTIONS)]
    return "\n".join([
        "create work directories",
        "run message broker where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % broker_port,
    ] + subscriptions + [
        "connect dbms bench where type = sqlite",
        "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % tcp_port,
        'op = {"operator": {"name": "bench-op", "company": "Bench", "ip": "127.0.0.1", "port": %d}}' % tcp_port,
        "blockchain insert where policy = !op and local = true",
        "op_id = blockchain get operator bring [operator][id]",
        "run operator where policy = !op_id and threads = 2",
        "run streamer",
        rest_server_command(rest_port),
    ]) + "\n"


def mqtt_packet(kind, body):
    """A fixed header (type, remaining length as MQTT's variable-length integer) and the body."""
    length, header = len(body), bytearray([kind])
    while True:
        byte, length = length % 128, length // 128
        header.append(byte | (0x80 if length else 0))
        if not length:
            return bytes(header) + body


def mqtt_string(text):
    data = text.encode()
    return len(data).to_bytes(2, "big") + data


class Publisher:
    """MQTT 3.1.1 QoS 0 publishes at a steady rate over the subscriptions' topics, on one
    connection to the node's broker."""

    def __init__(self, port):
        self.port = port
        self.sent = 0

    def run(self, seconds):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        connect = mqtt_string("MQTT") + bytes([4, 0x02, 0, 60]) + mqtt_string("console-bench")
        sock.sendall(mqtt_packet(0x10, connect))
        if sock.recv(4)[:1] != b"\x20":
            raise SystemExit("console_bench.py: the node's broker refused the publisher")
        start, stop_at = time.monotonic(), time.monotonic() + seconds
        while time.monotonic() < stop_at:
            due = start + self.sent / MQTT_MSGS_PER_S
            if due > time.monotonic():
                time.sleep(due - time.monotonic())
            topic = "sub-%d" % (self.sent % SUBSCRIPTIONS)
            payload = json.dumps({"ts": "2025-01-01 00:00:00", "v": self.sent * 0.5}).encode()
            sock.sendall(mqtt_packet(0x30, mqtt_string(topic) + payload))
            self.sent += 1
        sock.sendall(bytes([0xE0, 0]))  # DISCONNECT
        sock.close()


class ConsoleProcess(QlakeNode):
    """qlake-console started like qlake-node, on the offscreen platform, its settings in its home."""

    def __init__(self, settings_text, **kw):
        super().__init__(**kw)
        config = os.path.join(self.home, "config", "Qlake")
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, "qlake-console.conf"), "w", encoding="utf-8") as f:
            f.write(settings_text)
        self.env["XDG_CONFIG_HOME"] = os.path.join(self.home, "config")
        self.env["QT_QPA_PLATFORM"] = "offscreen"

    def command_line(self):
        return [CONSOLE_BIN] + super().command_line()[1:]


def console_settings(remote_address=None):
    # The Operator tab in front (window/tab = 1); a remote node attached and selected.
    text = "[window]\ntab=1\n"
    if remote_address:
        text += "node=%s\n\n[nodes]\n1\\address=%s\n1\\ssl=false\nsize=1\n" % (remote_address, remote_address)
    return text


class Load:
    """Streaming PUTs at a steady ROWS_PER_S over TABLES tables, from 4 keep-alive connections."""

    def __init__(self, port):
        self.port = port
        self.sent_rows = 0
        self.errors = 0
        self.lock = threading.Lock()
        self.bodies = {}
        for t in range(TABLES):
            rows = [{"ts": "2025-01-01 00:00:00", "device": "d-%d" % (i % 10), "value": i * 0.5} for i in range(BATCH)]
            self.bodies[t] = json.dumps(rows)

    def run(self, seconds, clients=4):
        stop_at = time.monotonic() + seconds
        per_client = ROWS_PER_S / clients / BATCH  # batches per second per client

        def client(n):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            start = time.monotonic()
            sent = 0
            while True:
                now = time.monotonic()
                if now >= stop_at:
                    break
                due = start + sent / per_client
                if due > now:
                    time.sleep(due - now)
                table = (n + sent * clients) % TABLES
                headers = {"type": "json", "dbms": "bench", "table": "t%02d" % table, "mode": "streaming",
                           "Content-Type": "text/plain", "User-Agent": "AnyLog/1.23"}
                try:
                    conn.request("PUT", "/", body=self.bodies[table], headers=headers)
                    r = conn.getresponse()
                    r.read()
                    ok = r.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                with self.lock:
                    if ok:
                        self.sent_rows += BATCH
                    else:
                        self.errors += 1
                sent += 1
            conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def rows_in_db(home):
    path = os.path.join(home, "data", "dbms", "bench.dbms")
    total = 0
    try:
        con = sqlite3.connect(path, timeout=10)
        for t in range(TABLES):
            try:
                total += con.execute("select count(*) from t%02d" % t).fetchone()[0]
            except sqlite3.Error:
                pass
        con.close()
    except sqlite3.Error:
        pass
    return total


def measure(port, broker_port, pids, warmup=3.0):
    """Runs the load (PUTs and MQTT messages) for warmup + SECONDS; returns rows sent during
    SECONDS and {pid: cpu s}."""
    Load(port).run(warmup)
    load = Load(port)
    publisher = Publisher(broker_port)
    mqtt = threading.Thread(target=publisher.run, args=(SECONDS,))
    before = {p: cpu_seconds(p) for p in pids}
    t0 = time.monotonic()
    mqtt.start()
    load.run(SECONDS)
    mqtt.join()
    elapsed = time.monotonic() - t0
    used = {p: cpu_seconds(p) - before[p] for p in pids}
    if load.errors:
        log("  %d PUTs failed" % load.errors)
    return load.sent_rows, elapsed, used


def metric(node, name):
    for line in node.request("GET", path="/metrics").body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def start_node(node, port):
    node.start()
    node.wait_rest(timeout=30)
    return node


def main():
    if not os.access(CONSOLE_BIN, os.X_OK):
        raise SystemExit("console_bench.py: %s is not built" % CONSOLE_BIN)
    log("console_bench: %d rows/s into %d tables, %d s per phase" % (ROWS_PER_S, TABLES, SECONDS))

    # 1 + 2: a node, alone and then watched by a remote console.
    rest, broker = free_port(), free_port()
    node = QlakeNode(script_text=node_script(free_port(), rest, broker), port=rest)
    console = None
    try:
        start_node(node, rest)
        rows, elapsed, used = measure(rest, broker, [node.proc.pid])
        alone = used[node.proc.pid]
        log("  node alone: %d rows in %.1f s, node CPU %.2f s" % (rows, elapsed, alone))
        alone_per_row = alone / max(rows, 1)
        print("console_bench_ingest_rows_per_s %d (target ~%d)" % (rows / elapsed, ROWS_PER_S), flush=True)
        print("console_bench_node_cpu_percent_alone %.1f" % (100 * alone / elapsed), flush=True)

        # The console embeds a node of its own too (idle here): only the remote one is watched.
        console = ConsoleProcess(console_settings("127.0.0.1:%d" % rest), args=["create work directories"])
        console.start()
        # The console is online once the node counts it as a feed client.
        wait_until(lambda: metric(node, "qlake_events_clients") == 1, 30, what="the console's /events client")
        sent_before = metric(node, "qlake_events_messages_total")
        rows, elapsed, used = measure(rest, broker, [node.proc.pid, console.proc.pid])
        feed = metric(node, "qlake_events_messages_total") - sent_before
        log("  /events messages to the console: %d (snapshots at most 1/s while data flows)" % feed)
        if feed < SECONDS / 2:
            raise SystemExit("console_bench.py: the console received %d feed messages in %.0f s: it is not watching" % (feed, SECONDS))
        watched = used[node.proc.pid]
        log("  node watched: %d rows in %.1f s, node CPU %.2f s, console CPU %.2f s" % (rows, elapsed, watched, used[console.proc.pid]))
        watched_per_row = watched / max(rows, 1)
        print("console_remote_cpu_percent %.1f (target < 10)" % (100 * used[console.proc.pid] / elapsed), flush=True)
        print("console_remote_peak_rss_mb %.0f (target < 250)" % (status_kb(console.proc.pid, "VmHWM:") / 1024.0), flush=True)
        # The node alone once more: its tables and indexes grew meanwhile, so each row costs a
        # little more as the run goes on; the watched phase is compared with the mean of the
        # phases before and after it, which cancels that drift.
        console.cleanup()
        console = None
        wait_until(lambda: metric(node, "qlake_events_clients") == 0, 30, what="the console gone")
        rows, elapsed, used = measure(rest, broker, [node.proc.pid])
        after_per_row = used[node.proc.pid] / max(rows, 1)
        log("  node alone again: %d rows in %.1f s, node CPU %.2f s" % (rows, elapsed, used[node.proc.pid]))
        baseline = (alone_per_row + after_per_row) / 2
        overhead = 100 * (watched_per_row - baseline) / baseline
        print("events_feed_node_ingest_overhead_percent %.1f (target < 2)" % overhead, flush=True)
        # The subscriptions really took messages (the console's Subscriptions view shows them).
        clients = node.get("get msg clients").body
        mapped = sum(int(m) for m in re.findall(r"^\s+(\d+)\s+\d+\s+\d+", clients, re.M))
        log("  messages mapped by the %d subscriptions: %d" % (SUBSCRIPTIONS, mapped))
        if clients.count("Subscription ID:") != SUBSCRIPTIONS or mapped == 0:
            raise SystemExit("console_bench.py: the subscriptions are not taking messages:\n" + clients)
        ingested = rows_in_db(node.home)
        log("  rows in the node's tables so far: %d" % ingested)
    finally:
        if console:
            console.cleanup()
        node.cleanup()

    # 3: the console embedding the node.
    rest, broker = free_port(), free_port()
    embedded = ConsoleProcess(console_settings(), script_text=node_script(free_port(), rest, broker), port=rest)
    try:
        start_node(embedded, rest)
        rows, elapsed, used = measure(rest, broker, [embedded.proc.pid])
        total = used[embedded.proc.pid]
        log("  embedded: %d rows in %.1f s, console+node CPU %.2f s" % (rows, elapsed, total))
        print("console_embedded_cpu_percent_with_node %.1f" % (100 * total / elapsed), flush=True)
        window = total - alone_per_row * rows
        print("console_embedded_window_cpu_percent %.1f (target < 10)" % (100 * window / elapsed), flush=True)
        print("console_embedded_peak_rss_mb %.0f (target < 250)" % (status_kb(embedded.proc.pid, "VmHWM:") / 1024.0), flush=True)
    finally:
        embedded.cleanup()


if __name__ == "__main__":
    main()
