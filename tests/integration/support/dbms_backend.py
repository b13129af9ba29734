# SPDX-License-Identifier: Apache-2.0
"""The database engine an ingest test runs on: SQLite by default, PostgreSQL when the test runs
under `pg_virtualenv` with QLAKE_TEST_DBMS=psql (see 14-ingest-postgresql.py). A test asks its
backend for the `connect dbms` command and reads rows back through it, so one suite checks both
engines with the same assertions."""
import json
import os
import re
import sqlite3
import subprocess

ENV = "QLAKE_TEST_DBMS"
ISO_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$")


class Unavailable(Exception):
    """A table or database that does not exist (yet)."""


class SqliteBackend:
    name = "sqlite"

    def connect_command(self, dbms):
        return "connect dbms %s where type = sqlite" % dbms

    def reset(self, *dbms):
        pass  # every node has its own home, so its own files

    def rows(self, node, dbms, sql):
        path = os.path.join(node.home, "data", "dbms", dbms + ".dbms")
        if not os.path.exists(path):
            raise Unavailable(path)
        db = sqlite3.connect(path)
        try:
            return db.execute(sql).fetchall()
        except sqlite3.Error as e:
            raise Unavailable(str(e))
        finally:
            db.close()


class PostgresBackend:
    name = "psql"

    def __init__(self):
        for var in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"):
            if not os.environ.get(var):
                raise AssertionError("%s is not set: pg_virtualenv did not provide the server" % var)
        host = os.environ["PGHOST"]
        self.host = "127.0.0.1" if host in ("localhost", "") or host.startswith("/") else host

    def connect_command(self, dbms):
        return "connect dbms %s where type = psql and ip = %s and port = %s and user = %s and password = %s" % (
            dbms, self.host, os.environ["PGPORT"], os.environ["PGUSER"], os.environ["PGPASSWORD"])

    def reset(self, *dbms):
        """Fresh, empty databases: tests share the one throwaway server."""
        for name in dbms:
            subprocess.run(["dropdb", "--if-exists", "--force", name], check=True, timeout=30,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run(["createdb", name], check=True, timeout=30)

    def rows(self, node, dbms, sql):
        # As JSON, so numbers come back as numbers and text as text, as from sqlite3.
        query = "select coalesce(json_agg(q), '[]') from (%s) q" % sql
        p = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-d", dbms, "-c", query],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
        if p.returncode != 0:
            raise Unavailable(p.stderr)
        # Pairs, not dicts: a select may name two columns alike.
        rows = json.loads(p.stdout, object_pairs_hook=lambda pairs: pairs)
        return [tuple(_value(v) for _, v in row) for row in rows]


def _value(v):
    """PostgreSQL's JSON writes timestamps ISO style; SQLite keeps the text the node wrote."""
    if isinstance(v, str) and ISO_TIMESTAMP.match(v):
        return v.replace("T", " ")
    return v


def backend():
    kind = os.environ.get(ENV, "sqlite")
    if kind == "sqlite":
        return SqliteBackend()
    if kind == "psql":
        return PostgresBackend()
    raise AssertionError("%s=%r: use sqlite or psql" % (ENV, kind))
