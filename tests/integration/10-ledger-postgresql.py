#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A master node whose ledger lives in PostgreSQL (query-and-metadata.md §6-§8): policies pushed
through it land in `blockchain.ledger`, reach a member through the sync, and a duplicate id is
refused by the table's unique index.

The test brings its own throwaway PostgreSQL: it re-runs itself under Debian's `pg_virtualenv`
(package postgresql-common), which creates a cluster on a free port, runs the command with
PGHOST/PGPORT/PGUSER/PGPASSWORD set, and drops the cluster afterwards (it also handles running
as root, which PostgreSQL refuses). Nothing is installed here; without PostgreSQL the test fails."""
import json
import os
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, free_port, run_inside_pg_virtualenv, wait_until  # noqa: E402

SYNC_SECONDS = 1
ARRIVAL_BOUND = 3 * SYNC_SECONDS + 7
USER_POLICY = ('{"vectors_policy": {"name": "vectors-policy-1", "company": "New Company", '
               '"note": "golden vector test policy", "value": 42}}')
USER_POLICY_ID = "e411d5f24bd47b93a971dfa134406c7f"


def tcp_command(port):
    return "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % port


def psql(*args, database="blockchain"):
    """Runs psql against the throwaway server; returns stdout (unaligned, tuples only)."""
    p = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-F", "|", "-d", database] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    if p.returncode != 0:
        raise AssertionError("psql %s failed (%d): %s" % (args, p.returncode, p.stderr))
    return p.stdout


class PostgresLedgerTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        for var in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"):
            if not os.environ.get(var):
                raise AssertionError("%s is not set: pg_virtualenv did not provide the server" % var)
        # The EdgeLake ledger lives in a database named blockchain (§6).
        subprocess.run(["createdb", "blockchain"], check=True, timeout=30)
        host = os.environ["PGHOST"]
        cls.db_host = "127.0.0.1" if host in ("localhost", "") or host.startswith("/") else host
        cls.tcp = {"master": free_port(), "member": free_port()}
        cls.addr = {k: "127.0.0.1:%d" % v for k, v in cls.tcp.items()}
        cls.master = cls.start_class_node(QlakeNode.with_rest([
            tcp_command(cls.tcp["master"]),
            "connect dbms blockchain where type = psql and ip = %s and port = %s and user = %s and password = %s"
            % (cls.db_host, os.environ["PGPORT"], os.environ["PGUSER"], os.environ["PGPASSWORD"]),
            "blockchain create table",
            "run blockchain sync where source = dbms and time = %d second and dest = file" % SYNC_SECONDS,
        ]))
        cls.member = cls.start_class_node(QlakeNode.with_rest([
            tcp_command(cls.tcp["member"]),
            "run blockchain sync where source = master and time = %d second and dest = file and connection = %s"
            % (SYNC_SECONDS, cls.addr["master"]),
        ]))

    def post_ok(self, node, command):
        r = node.post(command)
        self.assertEqual(r.status, 200, "POST %r: %r" % (command, r))
        return r

    def policies(self, node):
        r = node.get("blockchain get *")
        self.assertEqual(r.status, 200, r)
        return json.loads(r.body) if r.body.strip() else []

    def ledger_rows(self):
        out = psql("-c", "select policy_type, policy_id, host from ledger order by sequence_id")
        return [tuple(line.split("|")) for line in out.splitlines() if line]

    def test_ledger_in_postgresql(self):
        master, member = self.master, self.member
        # The master's dbms is PostgreSQL, and the ledger table has EdgeLake's layout (§6).
        columns = psql("-c", "select column_name from information_schema.columns where table_name = 'ledger' order by ordinal_position")
        self.assertEqual(columns.split(), ["sequence_id", "policy_type", "policy_id", "company_name", "date", "host", "status", "policy"])
        self.assertEqual(self.ledger_rows(), [])

        # One policy published from the member, one from the master itself.
        master_policy = ('{"master": {"name": "pg-master", "company": "New Company", "ip": "127.0.0.1", "port": %d}}'
                         % self.tcp["master"])
        self.post_ok(member, "user_policy = %s" % USER_POLICY)
        self.post_ok(member, "blockchain insert where policy = !user_policy and local = true and master = %s" % self.addr["master"])
        self.post_ok(master, "master_policy = %s" % master_policy)
        self.post_ok(master, "blockchain insert where policy = !master_policy and local = true and master = %s" % self.addr["master"])

        rows = wait_until(lambda: (lambda r: r if len(r) == 2 else None)(self.ledger_rows()), ARRIVAL_BOUND, interval=0.1,
                          what="2 rows in blockchain.ledger")
        self.assertEqual({row[0] for row in rows}, {"vectors_policy", "master"})
        self.assertIn(("vectors_policy", USER_POLICY_ID, "127.0.0.1"), rows)
        master_id = [row[1] for row in rows if row[0] == "master"][0]
        self.assertRegex(master_id, r"^[0-9a-f]{32}$")
        self.assertEqual([row[2] for row in rows], ["127.0.0.1", "127.0.0.1"])  # the pushing node's IP
        # The policy column holds the pushed JSON, ledger global.
        stored = json.loads(psql("-c", "select policy from ledger where policy_id = '%s'" % USER_POLICY_ID).strip())
        self.assertEqual(stored["vectors_policy"]["ledger"], "global")
        self.assertEqual(stored["vectors_policy"]["value"], 42)
        self.assertEqual(psql("-c", "select company_name from ledger where policy_id = '%s'" % USER_POLICY_ID).strip(), "New Company")

        # Both reach the member (and the master's own file) through the sync.
        def synced(node):
            got = {body["id"]: body.get("ledger") for p in self.policies(node) for body in p.values()}
            return got == {USER_POLICY_ID: "global", master_id: "global"}
        wait_until(lambda: synced(member) and synced(master), ARRIVAL_BOUND, interval=0.1, what="both policies on master and member")
        versions = wait_until(lambda: (lambda a, b: (a, b) if a == b else None)(master.get("get metadata version").body.strip(),
                                                                                member.get("get metadata version").body.strip()),
                              ARRIVAL_BOUND, interval=0.1, what="the same metadata version")
        self.assertRegex(versions[0], r"^[0-9a-f]{32}$")
        self.assertEqual(member.get("blockchain get master bring.ip_port").body.strip(), self.addr["master"])

        # A duplicate id is refused: on the master itself...
        self.post_ok(master, "dup_policy = %s" % USER_POLICY)
        r = master.post("blockchain push !dup_policy")
        self.assertEqual(r.status, 400, r)
        got = json.loads(r.body)
        self.assertEqual(got["err_code"], 30, got)
        self.assertIn("hash_index", got["local_msg"])  # the unique index on policy_id
        # ... and pushed from the member, which hears the refusal from the master.
        told = "[From Node %s]" % self.addr["master"]
        before = member.stdout().count(told)
        self.post_ok(member, "dup_policy = %s" % USER_POLICY)
        self.post_ok(member, "blockchain insert where policy = !dup_policy and local = false and master = %s" % self.addr["master"])
        wait_until(lambda: member.stdout().count(told) > before, 5, what="the master's refusal on the member's console")
        # `blockchain push ignore` accepts the existing id silently.
        self.post_ok(master, "blockchain push ignore !dup_policy")
        time.sleep(SYNC_SECONDS + 0.5)
        self.assertEqual(len(self.ledger_rows()), 2)
        self.assertEqual(psql("-c", "select count(*) from ledger where policy_id = '%s'" % USER_POLICY_ID).strip(), "1")

        # `blockchain replace policy ID with POLICY`: the row holds the new policy, which reaches
        # the member with the sync; `blockchain drop policy where id` removes it.
        self.post_ok(master, 'new_user = {"vectors_policy": {"name": "replaced", "company": "New Company", "value": 43}}')
        self.post_ok(master, "blockchain replace policy %s with !new_user" % USER_POLICY_ID)
        stored = json.loads(psql("-c", "select policy from ledger where policy_type = 'vectors_policy'").strip())
        new_id = stored["vectors_policy"]["id"]
        self.assertNotEqual(new_id, USER_POLICY_ID)
        self.assertEqual(stored["vectors_policy"]["value"], 43)
        wait_until(lambda: member.get("blockchain get vectors_policy bring [vectors_policy][name]").body == "replaced", ARRIVAL_BOUND,
                   interval=0.1, what="the replaced policy on the member")
        r = master.post("blockchain replace policy %s with !new_user" % USER_POLICY_ID)
        self.assertEqual(json.loads(r.body)["err_code"], 53)  # the old id is gone
        # The same policy over another row would give the ledger two rows with one id.
        r = master.post("blockchain replace policy %s with !new_user" % master_id)
        self.assertEqual(json.loads(r.body)["err_code"], 30)
        self.assertEqual(len(self.ledger_rows()), 2)
        self.assertEqual(json.loads(master.post("blockchain replace policy %s with not-json" % new_id).body)["err_code"], 87)
        self.assertEqual(json.loads(master.post("blockchain replace policy %s by !new_user" % new_id).body)["err_code"], 2)
        self.post_ok(master, "blockchain drop policy where id = %s" % new_id)
        self.assertEqual(psql("-c", "select count(*) from ledger where policy_type = 'vectors_policy'").strip(), "0")
        self.assertEqual(json.loads(master.post("blockchain drop policy where id = %s" % new_id).body)["err_code"], 101)
        master.stop()
        member.stop()


if __name__ == "__main__":
    run_inside_pg_virtualenv(__file__)
    unittest.main(verbosity=2)
