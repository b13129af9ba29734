#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Start-up and shutdown of the real qlake-node (commands.md §21): argv commands, -f script,
--version, --help, SIGTERM/SIGINT and `exit node` over REST all end with exit code 0."""
import os
import signal
import socket
import subprocess
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import (NODE_BIN, NodeTestCase, QlakeNode, free_port, project_version,  # noqa: E402
                        rest_server_command)


def run_binary(*args, timeout=10):
    return subprocess.run([NODE_BIN, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, text=True)


class StartupTest(NodeTestCase):

    def test_argv_commands_joined_with_and(self):
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        r = node.get("get status")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.body, r"^op1@\S+ running$")
        # Each argv command is echoed before it runs (§21 rule 4).
        out = node.stdout()
        self.assertIn("set node name op1", out)
        self.assertIn("run rest server where internal_ip = 127.0.0.1", out)
        # argv commands replace the embedded default script (which would start scheduler 1).
        self.assertIn("Scheduler 1 not declared", node.get("get scheduler 1").body)
        node.stop()

    def test_argv_quoted_group_keeps_and(self):
        # What a shell passes for: qlake-node set node name op2 and "run rest server where ... and ..."
        # with the quote characters kept: a word starting with " opens a group in which `and` is literal.
        port = free_port()
        rest_words = rest_server_command(port).split()
        rest_words[0] = '"' + rest_words[0]
        rest_words[-1] = rest_words[-1] + '"'
        node = QlakeNode(args=["set", "node", "name", "op2", "and"] + rest_words, port=port)
        self.start_node(node)
        self.assertRegex(node.get("get status").body, r"^op2@\S+ running$")
        node.stop()

    def test_argv_comment_ends_commands(self):
        node = QlakeNode.with_rest(["set node name op3"])
        node.args += ["#", "and", "set node name never"]
        self.start_node(node)
        self.assertRegex(node.get("get status").body, r"^op3@")
        node.stop()

    def test_script_file(self):
        port = free_port()
        script = "\n".join([
            "# a start-up script: variables, then the services",
            "set node name scripted",
            "rest_ip = 127.0.0.1",
            "rest_port = %d" % port,
            "greeting = hello from the script",
            "<run rest server where internal_ip = !rest_ip and internal_port = !rest_port and",
            "   bind = true and threads = 6 and timeout = 20>",
            "",
        ])
        node = self.start_node(QlakeNode(script_text=script, port=port))
        self.assertRegex(node.get("get status").body, r"^scripted@\S+ running$")
        self.assertEqual(node.get("get !rest_port").body.strip(), str(port))
        self.assertEqual(node.get("get !greeting").body.strip(), "hello from the script")
        self.assertIn("Scheduler 1 not declared", node.get("get scheduler 1").body)
        node.stop()

    def test_script_then_argv_commands(self):
        port = free_port()
        node = QlakeNode(script_text="set node name from_script\n" + rest_server_command(port) + "\n",
                         args=["set node name from_argv"], port=port)
        self.start_node(node)
        # The script runs first, then the argv commands.
        self.assertRegex(node.get("get status").body, r"^from_argv@")
        node.stop()

    def test_version(self):
        for flag in ("--version", "-v"):
            p = run_binary(flag)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout, "Qlake %s\n" % project_version())

    def test_help(self):
        p = run_binary("--help")
        self.assertEqual(p.returncode, 0, p.stderr)
        for text in ("Usage:", "--home", "-f, --file", "--version", "--help", "commands"):
            self.assertIn(text, p.stdout)

    def test_unknown_option_fails(self):
        p = run_binary("--frobnicate")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("frobnicate", p.stderr)

    def test_sigterm_exits_zero(self):
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        node.proc.send_signal(signal.SIGTERM)
        self.assertEqual(node.wait_exit(10), 0)
        # The listener is gone once the process has exited.
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", node.port), timeout=1).close()

    def test_sigint_exits_zero(self):
        node = self.start_node(QlakeNode.with_rest())
        node.proc.send_signal(signal.SIGINT)
        self.assertEqual(node.wait_exit(10), 0)

    def test_exit_node_over_rest(self):
        node = self.start_node(QlakeNode.with_rest(["set node name op1"]))
        r = node.post("exit node")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(node.wait_exit(10), 0)

    def test_rest_port_in_use_is_reported(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen(1)
            port = busy.getsockname()[1]
            node = QlakeNode(args=[rest_server_command(port)], port=port)
            self.start_node(node, wait_rest=False)
            node.wait_output("Failed to open a REST server on 127.0.0.1:%d" % port, stream="stderr")
            # A failed service does not take the node down.
            self.assertIsNone(node.proc.poll())
            node.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
