#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Operator of the real qlake-node (services.md §4, data-ingestion.md §2–§5): JSON files
dropped into the watch dir become rows, bad files land in the error dir with their reason
while good ones keep flowing, a file is never inserted twice, and `get operator` counts it all."""
import gzip
import hashlib
import json
import os
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from dbms_backend import Unavailable, backend  # noqa: E402
from qlake_node import SHARED_DIR, NodeTestCase, QlakeNode, free_port, table_rows, wait_until  # noqa: E402

OPERATOR_POLICY = '{"operator": {"name": "op1", "company": "New Company", "ip": "127.0.0.1", "port": %d}}'


class OperatorTest(NodeTestCase):
    db = backend()

    def start_operator(self, options=""):
        tcp = free_port()
        self.db.reset("new_company", "almgm")
        node = QlakeNode.with_rest([
            "create work directories",
            "run tcp server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true" % tcp,
            self.db.connect_command("new_company"),
            self.db.connect_command("almgm"),
            "create table tsd_info where dbms = almgm",
        ])
        self.start_node(node)
        self.assertEqual(node.post("op = " + OPERATOR_POLICY % tcp).status, 200)
        self.assertEqual(node.post("blockchain insert where policy = !op and local = true").status, 200)
        policy_id = node.get("blockchain get operator bring [operator][id]").body
        self.assertRegex(policy_id, "^[0-9a-f]{32}$")
        r = node.post("run operator where policy = %s and update_tsd_info = true and threads = 2%s" % (policy_id, options))
        self.assertEqual(r.status, 200, r)
        node.data = os.path.join(node.home, "data")
        return node

    def drop(self, node, name, content):
        # Written aside, then renamed in: the way prep_dir hands files to the watch dir.
        tmp = os.path.join(node.data, "prep", name + ".part")
        os.makedirs(os.path.dirname(tmp), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode())
        os.rename(tmp, os.path.join(node.data, "watch", name))

    def rows(self, node, sql, dbms="new_company"):
        return self.db.rows(node, dbms, sql)

    def files_in(self, node, *folder):
        path = os.path.join(node.data, *folder)
        return [f for f in os.listdir(path) if os.path.isfile(os.path.join(path, f))]

    def errors(self, node):
        return sorted(f for f in os.listdir(os.path.join(node.data, "error")) if not f.endswith(".reason"))

    def test_files_become_rows_and_are_archived(self):
        node = self.start_operator()
        with open(os.path.join(SHARED_DIR, "vectors", "outputs", "vectors_sensor.json"), "rb") as f:
            self.drop(node, "new_company.vectors_sensor.json", f.read())
        wait_until(lambda: self.rows_or_none(node, "select count(*) from vectors_sensor") == 300, 30, what="300 rows")
        self.assertEqual(self.rows(node, "select min(timestamp), max(timestamp), count(distinct device) from vectors_sensor"),
                         [("2025-01-01 00:00:00", "2025-01-01 04:59:00", 3)])
        # The file left the watch dir (and the folder its worker claimed it into) for the archive,
        # gzip-compressed.
        wait_until(lambda: not self.files_in(node, "watch") and not self.files_in(node, "watch", ".qlake-processing"), 5,
                   what="empty watch dir")
        archived = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(node.data, "archive")) for f in fs]
        self.assertEqual(len(archived), 1, archived)
        self.assertTrue(archived[0].endswith("new_company.vectors_sensor.json.gz"))
        with gzip.open(archived[0]) as f:
            self.assertEqual(len(json.loads(f.read())), 300)
        # The table was declared in the metadata, and the file recorded in tsd_info.
        tables = json.loads(node.get("blockchain get table where dbms = new_company").body)
        self.assertEqual([t["table"]["name"] for t in tables], ["vectors_sensor"])
        summary = node.get("get operator summary").body
        self.assertIn("Active", summary)
        self.assertRegex(summary, r"\|\s+300\|")
        inserts = json.loads(node.get("get operator inserts where format = json").body)
        self.assertEqual(inserts["new_company"]["vectors_sensor"][4], 300)
        self.assertIn("Operator", node.get("get processes").body)

    def rows_or_none(self, node, sql):
        try:
            return self.rows(node, sql)[0][0]
        except Unavailable:
            return None

    def test_bad_files_go_to_the_error_dir_and_good_ones_keep_flowing(self):
        node = self.start_operator(" and limit_tables = (vectors_sensor, readings)")
        self.drop(node, "new_company.readings.json", '{"bad json')
        self.drop(node, "nodb.readings.json", '{"a": 1}')
        self.drop(node, "new_company.other.json", '{"a": 1}')
        self.drop(node, "badname.json", '{"a": 1}')
        self.drop(node, "new_company.readings.0.json", '{"ts": "2025-01-01T00:00:00+02:00", "v": 1.5}\n{"ts": "2025-01-01T01:00:00Z", "v": 2}\n')
        wait_until(lambda: len(self.errors(node)) == 4, 30, what="four rejected files")
        errors = self.errors(node)
        self.assertIn("err_6.new_company.readings.json", errors)          # not JSON
        self.assertIn("err_5.nodb.readings.json", errors)                 # dbms not connected
        self.assertIn("err_130.new_company.other.json", errors)           # limit_tables
        self.assertTrue(any(e.startswith("err_119.") and e.endswith("badname.json") for e in errors), errors)
        with open(os.path.join(node.data, "error", "err_5.nodb.readings.json.reason")) as f:
            self.assertIn("Operator is not connected to dbms: 'nodb'", f.read())
        wait_until(lambda: self.rows_or_none(node, "select count(*) from readings") == 2, 30, what="the good file's rows")
        self.assertEqual(self.rows(node, "select ts, v from readings order by ts"),
                         [("2024-12-31 22:00:00", 1.5), ("2025-01-01 01:00:00", 2.0)])
        errors_json = json.loads(node.get("get operator error where format = json").body)
        self.assertEqual(errors_json[0]["type"], "JSON Errors")
        self.assertEqual(errors_json[0]["counter"], 4)
        self.assertIn("Failed to ingest file", node.get("get error log").body)

    def test_get_tsd_shows_the_files_ingested(self):
        node = self.start_operator()
        first = '{"ts": "2025-01-01 00:00:00", "v": 1}\n{"ts": "2025-01-01 00:01:00", "v": 2}\n'
        second = '{"ts": "2025-01-02 00:00:00", "v": 3}\n'
        self.drop(node, "new_company.tsd_a.json", first)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from tsd_a") == 2, 30, what="the first file's rows")
        self.drop(node, "new_company.tsd_b.json", second)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from tsd_b") == 1, 30, what="the second file's rows")
        hash_a = hashlib.md5(b"new_company.tsd_a" + first.encode()).hexdigest()
        hash_b = hashlib.md5(b"new_company.tsd_b" + second.encode()).hexdigest()

        details = json.loads(node.get("get tsd details where format = json").body)["tsd_info"]
        self.assertEqual([(d["ID"], d["DBMS"], d["Table"], d["Hash"], d["Rows"]) for d in details],
                         [("2", "new_company", "tsd_b", hash_b, "1"), ("1", "new_company", "tsd_a", hash_a, "2")])  # newest first
        self.assertEqual(list(details[0].keys()), ["ID", "DBMS", "Table", "Source", "Hash", "Instructions", "Date", "Rows", "Status 1", "Status 2"])
        text = node.get("get tsd details").body
        self.assertTrue(text.startswith("\r\n\nInfo on TSD Table: tsd_info (tsd_0)\r\nID DBMS"), text)
        self.assertEqual([row[4] for row in table_rows(text)], [hash_b, hash_a])
        only = json.loads(node.get("get tsd details where hash = %s and format = json" % hash_a).body)["tsd_info"]
        self.assertEqual([d["Table"] for d in only], ["tsd_a"])
        since = json.loads(node.get("get tsd details where start_date = 2000-01-01 and format = json").body)["tsd_info"]
        self.assertEqual(len(since), 2)
        before = json.loads(node.get("get tsd details where end_date = 2000-01-01T00:00:00 and format = json").body)["tsd_info"]
        self.assertEqual(before, [])

        summary = json.loads(node.get("get tsd summary where format = json").body)
        self.assertEqual(summary, {"new_company.tsd_a": {"files": 1, "rows": 2}, "new_company.tsd_b": {"files": 1, "rows": 1}})
        self.assertIn("\r\n\nTotal all TSD Tables\r\nDBMS", node.get("get tsd summary where table = *").body)
        # The files as HA names them, oldest first, right after the table's line (as EdgeLake prints).
        self.assertRegex(node.get("get tsd errors").body,
                         r"^\r\n\nInfo on TSD Table: tsd_info \(tsd_0\)new_company\.tsd_a\.0\.%s\.0\.info\.1\.\d{12}\.json\r\n"
                         r"new_company\.tsd_b\.0\.%s\.0\.info\.2\.\d{12}\.json\r\n$" % (hash_a, hash_b))
        self.assertEqual(node.get("get tsd list").body, "\r\ntsd_info\r\n")
        r = node.get("get tsd details where table = tsd_nope")
        self.assertIn("Wrong table name", r.body)

    def test_the_same_file_twice_is_inserted_once(self):
        node = self.start_operator()
        content = '{"ts": "2025-01-01 00:00:00", "v": 1}\n'
        self.drop(node, "new_company.once.json", content)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from once") == 1, 30, what="first copy")
        self.drop(node, "new_company.once.json", content)
        wait_until(lambda: any(f.startswith("err_86.") for f in self.errors(node)), 30, what="the duplicate rejected")
        self.assertEqual(self.rows(node, "select count(*) from once"), [(1,)])

    def test_a_file_renamed_over_one_being_processed_is_processed_next(self):
        node = self.start_operator()
        big = "".join('{"ts": "2025-01-01 00:00:00", "v": %d}\n' % i for i in range(50000))
        self.drop(node, "new_company.race.json", big)
        # A worker claims its file into the watch dir's .qlake-processing folder: the same name
        # renamed into the watch dir now is a new file, not the one whose rows are going in.
        claimed = os.path.join(node.data, "watch", ".qlake-processing", "new_company.race.json")
        wait_until(lambda: os.path.exists(claimed) or self.rows_or_none(node, "select count(*) from race") == 50000, 30,
                   what="the first file claimed")
        self.drop(node, "new_company.race.json", '{"ts": "2025-01-02 00:00:00", "v": -1}\n')
        wait_until(lambda: self.rows_or_none(node, "select count(*) from race") == 50001, 60, what="both files' rows")
        self.assertEqual(self.rows(node, "select count(*) from race where v = -1"), [(1,)])
        wait_until(lambda: not os.listdir(os.path.join(node.data, "watch", ".qlake-processing")), 30, what="the claim folder emptied")

    def test_a_file_left_claimed_by_a_stopped_operator_is_processed_at_the_next_start(self):
        node = self.start_operator()
        self.assertEqual(node.post("exit operator").status, 200)
        claim_dir = os.path.join(node.data, "watch", ".qlake-processing")
        with open(os.path.join(claim_dir, "new_company.leftover.json"), "w") as f:
            f.write('{"ts": "2025-01-01 00:00:00", "v": 7}\n')
        policy_id = node.get("blockchain get operator bring [operator][id]").body
        self.assertEqual(node.post("run operator where policy = %s and threads = 2" % policy_id).status, 200)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from leftover") == 1, 30, what="the leftover's row")
        wait_until(lambda: not os.listdir(claim_dir), 30, what="the claim folder emptied")

    def put_streaming(self, node, table, body):
        r = node.request("PUT", body=body, headers={"type": "json", "dbms": "new_company", "table": table,
                                                     "mode": "streaming", "Content-Type": "text/plain"})
        self.assertEqual(r.status, 200, r)

    def archived(self, node):
        return sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(node.data, "archive")) for f in fs)

    def test_streamed_rows_leave_a_tsd_row_and_an_archived_file(self):
        # No JSON file passes through the watch dir, yet the bookkeeping is a file's.
        node = self.start_operator()
        self.put_streaming(node, "streamed", '{"ts": "2025-01-01 00:00:00", "v": 1}\n{"ts": "2025-01-01 00:01:00", "v": 2}')
        self.assertEqual(node.post("flush buffers").status, 200)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from streamed") == 2, 30, what="the streamed rows")
        wait_until(lambda: self.archived(node), 10, what="the archived copy")
        tsd = self.rows(node, "select dbms_name, table_name, source, instructions, rows, file_hash from tsd_info", dbms="almgm")
        self.assertEqual([t[:5] for t in tsd], [("new_company", "streamed", "0", "0", 2)])
        [path] = self.archived(node)
        self.assertTrue(path.endswith("new_company.streamed.0.%s.0.json.gz" % tsd[0][5]), path)
        with gzip.open(path) as f:
            self.assertEqual([json.loads(line)["v"] for line in f.read().splitlines()], [1, 2])

    def test_a_file_written_immediately_is_archived_and_not_inserted_again(self):
        # Member '@': streaming's write_immediate already put these rows in (services.md §4.2).
        node = self.start_operator()
        name = "new_company.immediate.0.5f0c9e2a.0.@.1.250101000000.json"
        self.drop(node, name, '{"ts": "2025-01-01 00:00:00", "v": 1}\n{"ts": "2025-01-01 00:01:00", "v": 2}\n')
        wait_until(lambda: self.archived(node), 30, what="the archived file")
        self.assertTrue(self.archived(node)[0].endswith(name + ".gz"), self.archived(node))
        self.assertIsNone(self.rows_or_none(node, "select count(*) from immediate"))
        self.assertEqual(self.rows(node, "select table_name, file_hash, rows from tsd_info", dbms="almgm"),
                         [("immediate", "5f0c9e2a", 2)])
        files = json.loads(node.get("get operator json where format = json").body)
        self.assertEqual(files["new_company"]["immediate"][:2], [1, 1])  # files, of which immediate

    def test_blobs_archiver_files_blobs_and_the_operator_stores_their_rows(self):
        """services.md §12: descriptors in bwatch_dir name blob files; the archiver files each blob
        under blobs_dir/YY/MM/DD and hands the rows to the Operator, which stores them."""
        node = self.start_operator()
        blobs, bwatch = os.path.join(node.data, "blobs"), os.path.join(node.data, "bwatch")
        for name, content in (("cam1.jpeg", b"\xff\xd8one"), ("cam2.jpeg", b"\xff\xd8two")):
            with open(os.path.join(blobs, "new_company.frames." + name), "wb") as f:
                f.write(content)
        rows = '{"camera": "c1", "file": "cam1.jpeg"}\n{"camera": "c2", "file": "cam2.jpeg"}\n'
        with open(os.path.join(bwatch, "new_company.frames.0.d1.0.json"), "w") as f:
            f.write(rows)
        # A descriptor whose blob is missing goes to the error dir with its reason.
        with open(os.path.join(bwatch, "new_company.frames.0.d2.0.json"), "w") as f:
            f.write('{"camera": "c3", "file": "lost.jpeg"}\n')
        self.assertEqual(node.post("run blobs archiver").status, 200)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from frames") == 2, 30, what="2 frames rows")
        self.assertEqual(self.rows(node, "select camera, file from frames order by camera"), [("c1", "cam1.jpeg"), ("c2", "cam2.jpeg")])
        day = time.strftime("%y/%m/%d", time.gmtime())
        with open(os.path.join(blobs, day, "new_company.frames.cam1.jpeg"), "rb") as f:
            self.assertEqual(f.read(), b"\xff\xd8one")
        self.assertEqual(os.listdir(bwatch), [])
        self.assertIn("err_12.new_company.frames.0.d2.0.json", self.errors(node))
        stats = table_rows(node.get("get blobs archiver").body)
        self.assertEqual(stats[0][:4], ["Source JSON", "1", "1", "File does not exists"])
        self.assertEqual(stats[0][4], "new_company.frames.0.d2.0.json")
        # Running twice, and blob databases, are refused; exit stops it.
        self.assertEqual(json.loads(node.post("run blobs archiver").body)["err_code"], 136)
        self.assertEqual(node.post("exit blobs archiver").status, 200)
        self.assertEqual(node.get("get blobs archiver").body, "\r\nArchiver not active")
        self.assertEqual(json.loads(node.post("run blobs archiver where dbms = true").body)["err_code"], 40)
        self.assertEqual(json.loads(node.get("get processes where format = json").body)["Blobs Archiver"], {"Status": "Not declared"})

    def test_suggest_create_prints_the_inferred_table(self):
        node = self.start_operator()
        content = '{"timestamp": "2025-01-01 00:00:00", "Device Name": "a", "value": 1.5, "count": 3}\n'
        path = os.path.join(node.home, "new_company.suggested.json")
        with open(path, "w") as f:
            f.write(content)
        r = node.get("suggest create " + path)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.body.startswith("CREATE TABLE IF NOT EXISTS suggested(\n"), r.body)
        for column in ("\ttimestamp timestamp not null default now(),", "\tdevice_name char(1),", "\tcount int\n"):
            self.assertIn(column, r.body)
        # Nothing was created: the command only tells ...
        self.assertIsNone(self.rows_or_none(node, "select count(*) from suggested"))
        # ... what the operator then does with the same file.
        self.drop(node, "new_company.suggested.json", content)
        wait_until(lambda: self.rows_or_none(node, "select count(*) from suggested") == 1, 30, what="the row")
        tables = json.loads(node.get("blockchain get table where dbms = new_company and name = suggested").body)
        self.assertEqual(tables[0]["table"]["create"], r.body)
        r = node.get("suggest create " + os.path.join(node.home, "nodots.json"))
        self.assertEqual(r.status, 400, r)

    def test_operator_errors(self):
        node = self.start_node(QlakeNode.with_rest([]))
        r = node.post("run operator where policy = 0123")
        self.assertEqual(r.status, 400, r)
        self.assertIn("TCP server is not running", r.body)
        self.assertIn("Not Active", node.get("get operator").body)


if __name__ == "__main__":
    unittest.main()
