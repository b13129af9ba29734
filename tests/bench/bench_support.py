# SPDX-License-Identifier: Apache-2.0
"""What the benchmarks share: progress lines on stderr and row counts read from a dbms file."""
import sqlite3
import sys


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def count(db_path, table):
    """Rows in the table, 0 while the file or the table does not exist yet."""
    try:
        con = sqlite3.connect(db_path, timeout=5)
        n = con.execute("select count(*) from %s" % table).fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0
