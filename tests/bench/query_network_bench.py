#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Network query benchmark of the real qlake-node. Usage: query_network_bench.py BUILD_DIR [ROWS]

Three nodes on loopback: two operators with ROWS/2 rows each (default 1,000,000 in all, loaded
by REST PUT streaming and `flush buffers`) and a query node that also holds all ROWS in a local
dbms. Each figure is the median REST latency of 7 runs after one warm-up:

* query_local_<q>_ms: `sql netall ...` on the query node's own copy of every row;
* query_network_<q>_ms: the same query with `destination: network` over the two operators;
* query_network_vs_local_<q>_ratio: network / local (target: at most 2).

Prints one line per figure on stdout; progress on stderr."""
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    os.environ["QLAKE_BUILD_DIR"] = os.path.abspath(sys.argv[1])
    os.environ["QLAKE_BIN_DIR"] = os.path.join(os.environ["QLAKE_BUILD_DIR"], "bin")
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "integration", "support"))
from bench_support import log  # noqa: E402
from qlake_node import QlakeNode, free_port  # noqa: E402

ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
BATCH = 20000
RUNS = 7
QUERIES = {
    "group_by": "select device, count(*), avg(value), min(value), max(value) from readings group by device",
    "count": "select count(*), sum(value) from readings where value > 50",
    "increments": "select increments(day, 1, timestamp), count(*), max(value) from readings",
}


def tcp_command(port):
    return "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port


def reading(i):
    t = time.gmtime(1640995200 + i * 60)
    return '{"timestamp": "%s", "device": "dev-%d", "value": %.3f}' % (
        time.strftime("%Y-%m-%d %H:%M:%S", t), i % 10, ((i * 37 + 300) % 1000) / 7.0)


def load(node, dbms, indexes):
    indexes = list(indexes)
    for start in range(0, len(indexes), BATCH):
        body = "\n".join(reading(i) for i in indexes[start:start + BATCH])
        r = node.request("PUT", headers={"type": "json", "dbms": dbms, "table": "readings", "mode": "streaming",
                                         "Content-Type": "text/plain"}, body=body, timeout=60)
        if r.status != 200:
            raise RuntimeError("PUT failed: %r" % r)
    node.post("flush buffers")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        r = node.get('sql %s format = json and stat = false "select count(*) from readings"' % dbms, timeout=60)
        if r.status == 200 and '"count(*)":%d' % len(indexes) in r.body:
            return
        time.sleep(0.5)
    raise RuntimeError("%s: rows not loaded" % dbms)


def median_ms(call):
    call()
    times = []
    for _ in range(RUNS):
        start = time.monotonic()
        r = call()
        times.append((time.monotonic() - start) * 1000)
        if r.status != 200 or "err_code" in r.body:
            raise RuntimeError("query failed: %r" % r)
    return statistics.median(times), r.body


def main():
    tcp = {name: free_port() for name in ("op1", "op2", "query")}
    nodes = {}
    try:
        for name in ("op1", "op2", "query"):
            node = QlakeNode.with_rest([tcp_command(tcp[name]), "create work directories",
                                        "connect dbms %s where type = sqlite" % ("netall" if name == "query" else "netq")])
            node.start()
            node.wait_rest()
            nodes[name] = node
        started = time.monotonic()
        load(nodes["op1"], "netq", range(0, ROWS, 2))
        load(nodes["op2"], "netq", range(1, ROWS, 2))
        load(nodes["query"], "netall", range(ROWS))
        log("loaded %d rows twice in %.0f s" % (ROWS, time.monotonic() - started))
        policy = json.loads(nodes["op1"].get("blockchain get table where dbms = netq").body)[0]["table"]
        query = nodes["query"]
        query.post("blockchain add %s" % json.dumps({"table": {k: policy[k] for k in ("name", "dbms", "create")}}))
        for n, op in enumerate(("op1", "op2")):
            query.post("blockchain add %s" % json.dumps({"cluster": {"company": "bench", "name": "c%d" % n,
                                                                     "table": [{"dbms": "netq", "name": "readings"}]}}))
            cluster = query.get("blockchain get cluster where name = c%d bring [cluster][id]" % n).body.strip()
            query.post("blockchain add %s" % json.dumps({"operator": {"name": op, "company": "bench", "ip": "127.0.0.1",
                                                                      "port": tcp[op], "cluster": cluster}}))
        for name, sql in QUERIES.items():
            local, local_body = median_ms(lambda: query.get('sql netall format = json and stat = false "%s"' % sql, timeout=120))
            network, network_body = median_ms(lambda: query.get('sql netq format = json and stat = false "%s"' % sql,
                                                                headers={"destination": "network", "timeout": "100"}, timeout=120))
            if len(json.loads(local_body)["Query"]) != len(json.loads(network_body)["Query"]):
                raise RuntimeError("%s: local and network answers differ" % name)
            print("query_local_%s_ms %.1f (no target)" % (name, local), flush=True)
            print("query_network_%s_ms %.1f (no target)" % (name, network), flush=True)
            print("query_network_vs_local_%s_ratio %.2f (target <= 2)" % (name, network / local), flush=True)
    finally:
        for node in nodes.values():
            node.stop()
            node.cleanup()


if __name__ == "__main__":
    main()
