# SPDX-License-Identifier: Apache-2.0
"""A real mosquitto broker for tests and benchmarks: its own config in a temp dir, a free
port on 127.0.0.1, optional TLS with a throwaway CA made by openssl, restartable on the
same port. Publishing goes through mosquitto_pub (one process per batch of lines)."""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from qlake_node import free_port, wait_until


def _remaining_length(n):
    out = bytearray()
    while True:
        byte = n % 128
        n //= 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _mqtt_string(text):
    data = text.encode("utf-8")
    return len(data).to_bytes(2, "big") + data


def _require(program):
    path = shutil.which(program)
    if not path:
        raise AssertionError("%s is not installed (scripts/install-deps.sh installs mosquitto and mosquitto-clients)" % program)
    return path


def make_tls_files(directory):
    """A CA, and a server certificate (localhost/127.0.0.1) and a client certificate signed by
    it. Returns paths."""
    _require("openssl")
    p = lambda name: os.path.join(directory, name)  # noqa: E731
    with open(p("san.ext"), "w", encoding="utf-8") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    steps = [
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("ca.key"), "-out", p("ca.crt"),
         "-days", "2", "-subj", "/CN=qlake-test-ca"],
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", p("server.key"), "-out", p("server.csr"),
         "-subj", "/CN=localhost"],
        ["openssl", "x509", "-req", "-in", p("server.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key"), "-CAcreateserial",
         "-out", p("server.crt"), "-days", "2", "-extfile", p("san.ext")],
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", p("client.key"), "-out", p("client.csr"),
         "-subj", "/CN=qlake-client"],
        ["openssl", "x509", "-req", "-in", p("client.csr"), "-CA", p("ca.crt"), "-CAkey", p("ca.key"), "-CAcreateserial",
         "-out", p("client.crt"), "-days", "2"],
    ]
    for step in steps:
        subprocess.run(step, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name in ("ca.crt", "server.crt", "server.key", "client.crt", "client.key"):
        os.chmod(p(name), 0o644)
    return {"ca": p("ca.crt"), "cert": p("server.crt"), "key": p("server.key"),
            "client_cert": p("client.crt"), "client_key": p("client.key")}


class MosquittoBroker:
    def __init__(self, tls=False, users=None, client_certificates=False):
        self.binary = _require("mosquitto")
        self.dir = tempfile.mkdtemp(prefix="qlake-mosquitto-")
        # Started as root, mosquitto drops to its own user, which must still read its files.
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.tls = make_tls_files(self.dir) if tls else None
        self.conf = os.path.join(self.dir, "mosquitto.conf")
        lines = ["listener %d 127.0.0.1" % self.port, "allow_anonymous %s" % ("false" if users else "true"), "persistence false",
                 "max_queued_messages 1000000", "log_dest stderr", "log_type error", "log_type warning", "log_type notice"]
        self.users = dict(users or {})
        if self.users:
            passwords = os.path.join(self.dir, "passwords")
            for user, password in self.users.items():
                subprocess.run([_require("mosquitto_passwd"), "-b"] + ([] if os.path.exists(passwords) else ["-c"]) + [passwords, user, password],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.chmod(passwords, 0o644)
            lines.append("password_file " + passwords)
        if self.tls:
            lines += ["cafile " + self.tls["ca"], "certfile " + self.tls["cert"], "keyfile " + self.tls["key"]]
            if client_certificates:
                lines += ["require_certificate true"]
        self.client_certificates = client_certificates
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = None
        self.log_path = os.path.join(self.dir, "mosquitto.log")

    def start(self):
        self.proc = subprocess.Popen([self.binary, "-c", self.conf], stdout=subprocess.DEVNULL,
                                     stderr=open(self.log_path, "ab"))
        wait_until(self._accepts, 10, what="mosquitto listening on %d" % self.port)
        return self

    def _accepts(self):
        if self.proc.poll() is not None:
            raise AssertionError("mosquitto exited: %s" % self.log())
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def client_options(self):
        """The TLS part of a `run msg client` command."""
        if not self.tls:
            return ""
        return " and cafile = %s" % self.tls["ca"]

    def publish_fast(self, topic, payloads):
        """QoS 0 PUBLISH packets built in memory and written in one go on a plain MQTT 3.1.1
        connection: a publisher faster than mosquitto_pub, for benchmarks (no TLS, no users)."""
        connect_body = _mqtt_string("MQTT") + bytes([4, 0x02, 0, 60]) + _mqtt_string("qlake-bench-publisher")
        packets = [b"\x10" + _remaining_length(len(connect_body)) + connect_body]
        prefix = _mqtt_string(topic)
        for payload in payloads:
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            packets.append(b"\x30" + _remaining_length(len(prefix) + len(data)) + prefix + data)
        packets.append(b"\xe0\x00")
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as sock:
            sock.sendall(packets[0])
            if sock.recv(4)[:1] != b"\x20":
                raise AssertionError("no CONNACK from mosquitto")
            sock.sendall(b"".join(packets[1:]))

    def publish(self, topic, lines, qos=0, host="127.0.0.1"):
        """Publishes each line as one message (mosquitto_pub -l); waits for it to finish."""
        cmd = [_require("mosquitto_pub"), "-h", host, "-p", str(self.port), "-t", topic, "-q", str(qos), "-l"]
        for user, password in list(self.users.items())[:1]:
            cmd += ["-u", user, "-P", password]
        if self.tls:
            cmd += ["--cafile", self.tls["ca"]]
            if self.client_certificates:
                cmd += ["--cert", self.tls["client_cert"], "--key", self.tls["client_key"]]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        r = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if r.returncode != 0:
            raise AssertionError("mosquitto_pub failed (%d): %s" % (r.returncode, r.stderr.decode(errors="replace")))
