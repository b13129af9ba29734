#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""User schedulers of the real qlake-node (services.md §11): a task every second runs, its
counter grows, `get processes` lists the scheduler, and tasks stop and resume."""
import json
import os
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, wait_until  # noqa: E402


def scheduler_tasks(text):
    """{name: row} of the task table of `get scheduler N` (ID, Mode, Name, Counter, Run Status, ...)."""
    lines = text.split("\r\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("ID "))
    titles = ["ID", "Mode", "Name", "Counter", "Run Status", "Start-Time", "Repeat-Time", "Task"]
    tasks = {}
    for line in lines[header + 2:]:
        if not line.strip():
            break
        cells = [c.strip() for c in line.split("|")[:-1]]
        row = dict(zip(titles, cells))
        tasks[row["Name"]] = row
    return tasks


class SchedulerTest(NodeTestCase):

    def start_ticking_node(self, extra=()):
        node = QlakeNode.with_rest(["schedule time = 1 second and name = t1 and scheduler = 2 task print x",
                                    "run scheduler 2", *extra])
        return self.start_node(node)

    def counter(self, node, name="t1", scheduler=2):
        r = node.get("get scheduler %d" % scheduler)
        self.assertEqual(r.status, 200, r)
        return int(scheduler_tasks(r.body)[name]["Counter"])

    def test_task_counter_grows(self):
        node = self.start_ticking_node()
        wait_until(lambda: self.counter(node) >= 3, 10, interval=0.2, what="task t1 to run 3 times")
        body = node.get("get scheduler 2").body
        self.assertIn("Scheduler ID:     2", body)
        self.assertIn("Scheduler Status: Running", body)
        task = scheduler_tasks(body)["t1"]
        self.assertEqual(task["ID"], "1")
        self.assertEqual(task["Mode"], "Active")
        self.assertEqual(task["Run Status"], "Success")
        self.assertEqual(task["Repeat-Time"], "0:0:1")  # H:M:S without zero padding
        self.assertEqual(task["Task"], "print x")
        self.assertRegex(task["Start-Time"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")
        node.stop()

    def test_processes_list_the_scheduler(self):
        node = self.start_ticking_node()
        got = json.loads(node.get("get processes where format = json").body)
        self.assertEqual(got["Scheduler"], {"Status": "Running", "Details": "Schedulers IDs in use: [0 (system)] [2]"})
        text = node.get("get processes").body
        row = next(line for line in text.split("\r\n") if line.startswith("    Scheduler "))
        self.assertIn("|Running     |Schedulers IDs in use: [0 (system)] [2]", row)
        # Stopping scheduler 2 leaves the system scheduler.
        self.assertEqual(node.post("exit scheduler 2").status, 200)
        got = json.loads(node.get("get processes where format = json").body)
        self.assertEqual(got["Scheduler"]["Details"], "Schedulers IDs in use: [0 (system)]")
        self.assertIn("Scheduler Status: Not Running", node.get("get scheduler 2").body)
        node.stop()

    def test_system_scheduler_runs_metadata_ping(self):
        node = self.start_node(QlakeNode.with_rest())
        tasks = scheduler_tasks(node.get("get scheduler 0").body)
        ping = tasks["Metadata Ping"]
        self.assertEqual((ping["Task"], ping["Repeat-Time"]), ("set servers ping", "0:1:0"))
        self.assertGreaterEqual(int(ping["Counter"]), 1)
        self.assertIn("Scheduler 1 not declared", node.get("get scheduler 1").body)
        node.stop()

    def test_task_changes_node_state(self):
        node = self.start_node(QlakeNode.with_rest(["set node name before"]))
        r = node.post("schedule time = 1 second and name = rename and scheduler = 3 task set node name tick")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(node.post("run scheduler 3").status, 200)
        wait_until(lambda: node.get("get status").body.startswith("tick@"), 10, interval=0.2, what="the task to rename the node")
        node.stop()

    def test_stop_and_resume_task(self):
        node = self.start_ticking_node()
        wait_until(lambda: self.counter(node) >= 1, 10, interval=0.2, what="a first run")
        self.assertEqual(node.post("task stop where scheduler = 2 and name = t1").status, 200)
        time.sleep(0.3)  # a run already dispatched may still complete
        stopped_at = self.counter(node)
        self.assertEqual(scheduler_tasks(node.get("get scheduler 2").body)["t1"]["Mode"], "Stopped")
        time.sleep(2.2)
        self.assertEqual(self.counter(node), stopped_at, "a stopped task must not run")
        self.assertEqual(node.post("task resume where scheduler = 2 and name = t1").status, 200)
        wait_until(lambda: self.counter(node) >= stopped_at + 2, 10, interval=0.2, what="the resumed task to run twice")
        node.stop()

    def test_schedule_errors(self):
        node = self.start_ticking_node()
        r = node.post("schedule time = 1 second and name = t1 and scheduler = 2 task print again")
        self.assertEqual(r.status, 400)
        self.assertIn("Duplicate task name", json.loads(r.body)["local_msg"])
        r = node.post("schedule time = 1 second and name = t9 and scheduler = 2")
        self.assertEqual(r.status, 400)
        self.assertIn("Missing 'task'", json.loads(r.body)["local_msg"])
        r = node.post("run scheduler 2")
        self.assertEqual(r.status, 400)
        self.assertEqual(json.loads(r.body)["err_code"], 136)
        self.assertIn("Scheduler 7 not declared", node.get("get scheduler 7").body)
        node.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
