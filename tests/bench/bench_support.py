# SPDX-License-Identifier: Apache-2.0
"""What the benchmarks share: progress lines on stderr, row counts read from a dbms file, and a
process's CPU time and memory from /proc, and the plain sqlite3 loop the ingest figures are
compared with."""
import os
import sqlite3
import subprocess
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


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat fields 14 and 15)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status_kb(pid, key):
    """A kB figure of /proc/PID/status: "VmRSS:" now, "VmHWM:" the peak; 0 if absent."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def table_ddl(db_path, table):
    """The node's own statements for a table: (CREATE TABLE, [CREATE INDEX ...])."""
    con = sqlite3.connect(db_path, timeout=5)
    create = con.execute("select sql from sqlite_master where type = 'table' and name = ?", (table,)).fetchone()[0]
    indexes = [r[0] for r in con.execute(
        "select sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null order by name", (table,))]
    con.close()
    return create, indexes


def sqlite_loop(build, work, name, table, ddl_statements, json_paths):
    """Rows/s of bench-sqlite-loop inserting the rows of json_paths (one transaction per file)
    into a fresh database made by ddl_statements."""
    binary = os.path.join(build, "tests", "bench", "bench-sqlite-loop")
    if not os.path.exists(binary):
        binary = os.path.join(build, "bin", "bench-sqlite-loop")
    ddl_file = os.path.join(work, name + ".sql")
    with open(ddl_file, "w") as f:
        f.write(";\n".join(ddl_statements) + ";\n")
    p = subprocess.run([binary, os.path.join(work, name + ".db"), table, ddl_file] + list(json_paths),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("bench-sqlite-loop failed: %s" % p.stderr)
    return float(p.stdout.strip())
