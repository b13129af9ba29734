# SPDX-License-Identifier: Apache-2.0
"""Black-box helper for the integration tests: starts the real qlake-node on a free port.

Each test starts its own node with its own home folder and REST port, waits (bounded) until the
REST server answers, talks to it over plain sockets/http.client, and stops it with SIGTERM. The
node's stdout/stderr go to files in the home folder so a chatty node never blocks on a full pipe,
and so a failing test can print them (NodeTestCase does that).
"""
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("QLAKE_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..", "..")))
BUILD_DIR = os.environ.get("QLAKE_BUILD_DIR", os.path.join(SOURCE_DIR, "build"))
BIN_DIR = os.environ.get("QLAKE_BIN_DIR", os.path.join(BUILD_DIR, "bin"))
SHARED_DIR = os.environ.get("QLAKE_SHARED_DIR", os.path.normpath(os.path.join(SOURCE_DIR, "..", "shared")))
NODE_BIN = os.path.join(BIN_DIR, "qlake-node")

USER_AGENT = "AnyLog/1.23"


def project_version():
    """The one version source: project(Qlake VERSION x.y.z) in the top CMakeLists.txt."""
    with open(os.path.join(SOURCE_DIR, "CMakeLists.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("project(Qlake VERSION"):
                return line.split()[2]
    raise RuntimeError("no project(Qlake VERSION ...) line in CMakeLists.txt")


_ports_given = set()


def free_port():
    """A TCP port nobody listens on right now (bound to 0 then released).

    Ports already handed out by this process are never handed out again: a test often
    picks several ports before any node binds them, and the kernel may offer a released
    port twice in a row (CI once gave one node the same TCP and REST port)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _ports_given:
            _ports_given.add(port)
            return port
    raise RuntimeError("no fresh free port after 100 tries")


def rest_server_command(port, threads=6, timeout=20, extra=""):
    cmd = ("run rest server where internal_ip = 127.0.0.1 and internal_port = %d and bind = true "
           "and threads = %d and timeout = %d" % (port, threads, timeout))
    return cmd + (" and " + extra if extra else "")


def wait_until(predicate, timeout, interval=0.05, what="condition"):
    """Polls predicate() until it returns a truthy value; raises AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out after %.1f s waiting for %s (last: %r)" % (timeout, what, last))


def table_rows(text):
    """Data rows of a `|` table (commands.md §12.1): the cells of each line after the underline."""
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^\s*-+\|", line):
            rows = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                rows.append([c.strip() for c in row.split("|")[:-1]])
            return rows
    raise AssertionError("no table in %r" % text)


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # lower-cased names
        self.body = body        # str (utf-8)

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return "Response(%d %r, %r, %r)" % (self.status, self.reason, self.headers, self.body[:300])


class QlakeNode:
    """One qlake-node process. args: argv words after --home (commands joined with 'and')."""

    def __init__(self, args=None, script_text=None, home=None, stdin=None, env=None, port=None):
        self.owns_home = home is None
        self.home = home or tempfile.mkdtemp(prefix="qlake-it-")
        self.port = port
        self.args = list(args or [])
        self.script_path = None
        if script_text is not None:
            self.script_path = os.path.join(self.home, "start.al")
            with open(self.script_path, "w", encoding="utf-8") as f:
                f.write(script_text)
        self.stdin = stdin
        self.env = dict(os.environ)
        self.env.pop("EDGELAKE_HOME", None)
        self.env["QLAKE_HOME"] = self.home
        if env:
            self.env.update(env)
        self.proc = None
        self.stdout_path = os.path.join(self.home, "node.stdout")
        self.stderr_path = os.path.join(self.home, "node.stderr")
        self._out = self._err = None
        self._final_dump = None

    @classmethod
    def with_rest(cls, commands=(), port=None, rest_extra="", **kw):
        """A node started from argv: the given commands, then a REST server on a free port."""
        port = port or free_port()
        args = []
        for c in list(commands) + [rest_server_command(port, extra=rest_extra)]:
            if args:
                args.append("and")
            args.append(c)
        return cls(args=args, port=port, **kw)

    def command_line(self):
        cmd = [NODE_BIN, "--home", self.home]
        if self.script_path:
            cmd += ["-f", self.script_path]
        return cmd + self.args

    def start(self):
        if not os.access(NODE_BIN, os.X_OK):
            raise AssertionError("qlake-node not found at %s (set QLAKE_BIN_DIR)" % NODE_BIN)
        self._out = open(self.stdout_path, "wb")
        self._err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(self.command_line(), stdin=self.stdin if self.stdin is not None else subprocess.DEVNULL,
                                     stdout=self._out, stderr=self._err, env=self.env, cwd=self.home)
        return self

    # --- output -----------------------------------------------------------------------------
    def stdout(self):
        return _read(self.stdout_path)

    def stderr(self):
        return _read(self.stderr_path)

    def dump(self):
        if self._final_dump is not None:
            return self._final_dump
        rc = None if self.proc is None else self.proc.poll()
        return ("---- qlake-node %s (pid %s, exit %s)\n---- stdout:\n%s\n---- stderr:\n%s\n----"
                % (" ".join(self.command_line()), self.proc.pid if self.proc else "-", rc, self.stdout(), self.stderr()))

    def wait_output(self, text, timeout=10, stream="stdout"):
        read = self.stdout if stream == "stdout" else self.stderr
        return wait_until(lambda: text in read(), timeout, what="%r in node %s" % (text, stream))

    # --- REST -------------------------------------------------------------------------------
    def request(self, method="GET", command=None, headers=None, body=None, path="/", timeout=10,
                user_agent=USER_AGENT, https=False, ssl_context=None, port=None):
        """One HTTP request on a fresh connection; returns Response (never raises on 4xx/5xx)."""
        port = port or self.port
        if https:
            ctx = ssl_context or insecure_ssl_context()
            conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=ctx)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        h = {}
        if user_agent is not None:
            h["User-Agent"] = user_agent
        if command is not None:
            h["command"] = command
        h.update(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, r.reason, {k.lower(): v for k, v in r.getheaders()}, data.decode("utf-8", "replace"))
        finally:
            conn.close()

    def get(self, command=None, **kw):
        return self.request("GET", command, **kw)

    def post(self, command=None, **kw):
        return self.request("POST", command, **kw)

    def wait_rest(self, timeout=15, **kw):
        """Bounded wait until `get status` answers 200; fails early if the process died."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError("qlake-node exited with %s before REST answered\n%s" % (self.proc.returncode, self.dump()))
            try:
                r = self.get("get status", timeout=2, **kw)
                if r.status == 200:
                    return r
                last = r
            except (OSError, http.client.HTTPException, ssl.SSLError) as e:
                last = e
            time.sleep(0.05)
        raise AssertionError("REST on port %s did not answer within %s s (last: %r)\n%s" % (self.port, timeout, last, self.dump()))

    # --- lifecycle --------------------------------------------------------------------------
    def wait_exit(self, timeout=10):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("qlake-node did not exit within %s s\n%s" % (timeout, self.dump()))

    def stop(self, timeout=10):
        """SIGTERM; the node must exit with 0 within timeout. Returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        rc = self.wait_exit(timeout)
        if rc != 0:
            raise AssertionError("qlake-node exited with %s after SIGTERM (expected 0)\n%s" % (rc, self.dump()))
        return rc

    def kill(self):
        """Cleanup: SIGKILL if still running, close files, remove the home folder."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for f in (self._out, self._err):
            if f:
                f.close()

    def cleanup(self):
        self.kill()
        self._final_dump = self.dump()  # kept for the failure report once the home is gone
        if self.owns_home:
            shutil.rmtree(self.home, ignore_errors=True)


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def insecure_ssl_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


class NodeTestCase(unittest.TestCase):
    """Test case that owns its nodes: kills them afterwards and prints their output on failure."""

    class_nodes = []

    def setUp(self):
        self.nodes = []

    def start_node(self, node, wait_rest=True):
        self.nodes.append(node)
        self.addCleanup(node.cleanup)
        node.start()
        if wait_rest:
            node.wait_rest()
        return node

    @classmethod
    def start_class_node(cls, node, wait_rest=True):
        cls.class_nodes = list(cls.class_nodes) + [node]
        node.start()
        try:
            if wait_rest:
                node.wait_rest()
        except Exception:
            sys.stderr.write(node.dump() + "\n")
            node.cleanup()
            raise
        return node

    @classmethod
    def tearDownClass(cls):
        for node in cls.class_nodes:
            node.cleanup()
        cls.class_nodes = []

    def run(self, result=None):
        result = result if result is not None else self.defaultTestResult()
        before = len(result.failures) + len(result.errors)
        out = super().run(result)
        if len(result.failures) + len(result.errors) > before:
            nodes = list(getattr(self, "nodes", [])) + list(type(self).class_nodes)
            sys.stderr.write("\n==== %s failed; node output:\n%s\n" % (self.id(), "\n".join(n.dump() for n in nodes)))
        return out


# Set in the environment when a test re-runs itself inside pg_virtualenv: PG* variables found
# without it belong to someone else's server, which a test must not touch.
PG_VIRTUALENV_MARK = "QLAKE_PG_VIRTUALENV"


def run_inside_pg_virtualenv(script, extra_env=None):
    """Re-runs `script` under Debian's pg_virtualenv (package postgresql-common), which creates a
    throwaway cluster on a free port, sets PGHOST/PGPORT/PGUSER/PGPASSWORD and drops the cluster
    afterwards (also as root, which PostgreSQL refuses). Returns at once when already inside;
    exits with a failure when pg_virtualenv is missing."""
    if os.environ.get(PG_VIRTUALENV_MARK) == "1":
        return
    tool = shutil.which("pg_virtualenv")
    if tool is None:
        sys.stderr.write("FAIL: pg_virtualenv not found: install postgresql and postgresql-common "
                         "(scripts/install-deps.sh) - this test needs a PostgreSQL server of its own\n")
        sys.exit(1)
    env = dict(os.environ)
    env[PG_VIRTUALENV_MARK] = "1"
    env.update(extra_env or {})
    sys.stdout.flush()
    # -t: the cluster's files go to a temporary directory even as root (no /etc/postgresql).
    os.execvpe(tool, [tool, "-t", sys.executable, os.path.abspath(script)] + sys.argv[1:], env)
