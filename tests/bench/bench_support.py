# SPDX-License-Identifier: Apache-2.0
"""What the benchmarks share: progress lines on stderr, row counts read from a dbms file, and a
process's CPU time and memory from /proc."""
import os
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
