#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The interactive CLI of qlake-node under a pseudo-terminal (commands.md §5, §21 rule 5):
the prompt shows the node name, commands answer, `<...>` blocks span lines, unknown commands
say "Unrecognized Command", `exit node` ends the process with code 0."""
import json
import os
import re
import select
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode  # noqa: E402

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


class PtyNode(QlakeNode):
    """A QlakeNode whose stdin/stdout/stderr are the slave side of a pty."""

    def start(self):
        self.master, slave = os.openpty()
        self.env["TERM"] = "xterm"
        self.env["COLUMNS"] = "200"
        self.proc = subprocess.Popen(self.command_line(), stdin=slave, stdout=slave, stderr=slave,
                                     env=self.env, cwd=self.home, start_new_session=True)
        os.close(slave)
        self.transcript = b""
        self.seen = 0  # offset of the text already matched by expect()
        return self

    def _pump(self, wait):
        r, _, _ = select.select([self.master], [], [], wait)
        if not r:
            return True
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: the slave side closed (process exited)
            return False
        if not data:
            return False
        self.transcript += data
        return True

    def text(self):
        return ANSI.sub(b"", self.transcript).replace(b"\r", b"").decode("utf-8", "replace")

    def expect(self, pattern, timeout=10):
        """Waits (bounded) until pattern (a regex) appears after the last match; returns the match."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.text(), self.seen)
            if m:
                self.seen = m.end()
                return m
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for %r on the console; after offset %d:\n%s"
                                     % (pattern, self.seen, self.text()[self.seen:]))
            if not self._pump(0.05) and self.proc.poll() is not None:
                raise AssertionError("node exited (%s) while waiting for %r:\n%s" % (self.proc.returncode, pattern, self.text()))

    def type(self, line):
        os.write(self.master, line.encode("utf-8") + b"\r")

    def wait_exit(self, timeout=10):
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._pump(0.05)
        return super().wait_exit(max(0.1, deadline - time.monotonic()))

    def dump(self):
        text = self.text() if hasattr(self, "transcript") else ""
        return "---- console transcript (%s):\n%s\n----" % (" ".join(self.command_line()), text)

    def kill(self):
        super().kill()
        if getattr(self, "master", None) is not None:
            os.close(self.master)
            self.master = None


PROMPT = r"AL op1 > "


class CliPtyTest(NodeTestCase):

    def start_pty_node(self):
        node = PtyNode.with_rest(["set node name op1"])
        self.start_node(node, wait_rest=False)
        node.expect(PROMPT)
        return node

    @staticmethod
    def answer(node, line, *patterns):
        """Types one console line, waits for each pattern in turn, then for the next prompt."""
        node.type(line)
        for pattern in patterns:
            node.expect(pattern)
        node.expect(PROMPT)

    def exit_node(self, node):
        """`exit node` ends the process with code 0."""
        node.type("exit node")
        self.assertEqual(node.wait_exit(10), 0)

    def test_prompt_and_get_status(self):
        node = self.start_pty_node()
        # The terminal echoes the line.
        self.answer(node, "get status", r"get status\n", r"(?m)^op1@\S+ running$")
        self.exit_node(node)

    def test_multi_line_block(self):
        node = self.start_pty_node()
        node.type("<print")
        node.expect(r"\.\.\. ")  # continuation prompt while the block is open
        self.answer(node, "hello>", r"hello>\n", r"(?m)^hello$")
        # Three lines, the middle one blank: still one command.
        node.type("<print one")
        node.type("")
        self.answer(node, "two three>", r"(?m)^one two three$")
        self.exit_node(node)

    def test_unrecognized_command(self):
        node = self.start_pty_node()
        self.answer(node, "frobnicate the node", r"Unrecognized Command")
        # The console carries on after the error.
        self.answer(node, "get node name", r"(?m)^op1$")
        self.exit_node(node)

    def test_prompt_follows_node_name(self):
        node = self.start_pty_node()
        node.type("set node name op2")
        node.expect(r"AL op2 > ")
        # The REST port sees the same node.
        self.assertRegex(node.get("get status").body, r"^op2@")
        self.exit_node(node)

    def test_cli_off(self):
        """`set cli off` in the start-up commands: no console; the node runs on until `exit node`
        arrives by another way. A bad value is error 40."""
        node = PtyNode.with_rest(["set node name op1", "set cli off"])
        self.start_node(node, wait_rest=False)
        node.expect(r"CLI disabled")
        node.wait_rest()
        node.type("exit node")
        time.sleep(0.5)
        node._pump(0.1)
        self.assertIsNone(node.proc.poll(), "a disabled console must not take commands")
        self.assertNotIn("AL op1 > ", node.text())
        r = node.post("set cli maybe")
        self.assertEqual(r.status, 400)
        self.assertEqual(json.loads(r.body)["err_code"], 40)
        self.assertEqual(node.post("exit node").status, 200)
        self.assertEqual(node.wait_exit(10), 0)

    def test_end_of_input_keeps_node_running(self):
        node = self.start_pty_node()
        os.write(node.master, b"\x04")  # Ctrl-D on an empty line: end of input
        time.sleep(0.5)
        node._pump(0.1)
        self.assertIsNone(node.proc.poll(), "the node must go on without its console")
        self.assertEqual(node.get("get status").status, 200)
        node.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
