#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The operator and streaming suites (11-operator.py, 12-rest-put.py) again, with every user
database in PostgreSQL: the same files, PUTs and thresholds must give the same rows, replies,
archives and tsd_info records as on SQLite (data-ingestion.md §4 adapts the DDL per engine).

Like 10-ledger-postgresql.py, it re-runs itself under Debian's pg_virtualenv, which brings a
throwaway cluster on a free port; without PostgreSQL the test fails."""
import importlib.util
import os
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "support"))
from dbms_backend import ENV  # noqa: E402
from qlake_node import run_inside_pg_virtualenv  # noqa: E402

SUITES = ("11-operator.py", "12-rest-put.py")


def load(file_name):
    spec = importlib.util.spec_from_file_location(file_name[:-3].replace("-", "_"), os.path.join(HERE, file_name))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    run_inside_pg_virtualenv(__file__, {ENV: "psql"})
    if os.environ.get(ENV) != "psql":
        raise AssertionError("%s is not psql inside pg_virtualenv" % ENV)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromModule(load(name)) for name in SUITES)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
