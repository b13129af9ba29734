#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""HTTPS and basic authentication on the REST server (services.md §5.1): a self-signed
certificate made by openssl, plain HTTP refused on the HTTPS port, 401 without the right
credentials."""
import base64
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from qlake_node import NodeTestCase, QlakeNode, insecure_ssl_context  # noqa: E402

STATUS_RE = r"^op1@\S+ running$"


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()}


class HttpsTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        if shutil.which("openssl") is None:
            raise unittest.SkipTest("openssl is not installed")
        cls.pem_dir = tempfile.mkdtemp(prefix="qlake-pem-")
        cls.cert = os.path.join(cls.pem_dir, "server.crt")
        cls.key = os.path.join(cls.pem_dir, "server.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", cls.key, "-out", cls.cert],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
        cls.node = cls.start_class_node(
            QlakeNode.with_rest(["set node name op1"], rest_extra="ssl = true and cert_file = %s and key_file = %s" % (cls.cert, cls.key)),
            wait_rest=False)
        cls.node.wait_rest(https=True)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.pem_dir, ignore_errors=True)

    def test_get_status_over_https(self):
        r = self.node.get("get status", https=True)
        self.assertEqual(r.status, 200)
        self.assertRegex(r.body, STATUS_RE)

    def test_server_presents_the_certificate(self):
        with socket.create_connection(("127.0.0.1", self.node.port), timeout=5) as raw:
            with insecure_ssl_context().wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                der = tls.getpeercert(binary_form=True)
        with open(self.cert, encoding="ascii") as f:
            self.assertEqual(der, ssl.PEM_cert_to_DER_cert(f.read()))

    def test_verified_client_with_the_certificate_as_ca(self):
        ctx = ssl.create_default_context(cafile=self.cert)
        ctx.check_hostname = False  # CN=127.0.0.1 without a subjectAltName
        r = self.node.get("get status", https=True, ssl_context=ctx)
        self.assertEqual(r.status, 200)

    def test_plain_http_on_https_port_fails(self):
        try:
            r = self.node.get("get status", timeout=5)
        except (OSError, http.client.HTTPException):
            pass  # reset, closed or garbage: no HTTP answer, as expected
        else:
            self.assertNotEqual(r.status, 200, "plain HTTP answered on the HTTPS port: %r" % r)
        # The failed plain connection did not hurt the TLS listener.
        self.assertEqual(self.node.get("get status", https=True).status, 200)

    def test_processes_and_server_info_show_ssl(self):
        details = json.loads(self.node.get("get processes where format = json", https=True).body)["REST"]["Details"]
        self.assertTrue(details.endswith("SSL: True"), details)
        body = self.node.get("get rest server info", https=True).body
        self.assertIn("https://127.0.0.1:%d" % self.node.port, body)
        self.assertRegex(body, r"is_ssl\s*\| True")

    def test_missing_certificate_is_refused(self):
        node = QlakeNode.with_rest(rest_extra="ssl = true")
        self.start_node(node, wait_rest=False)
        node.wait_output("Missing value to server organization name", stream="stderr")
        node.stop()

    def test_unreadable_certificate_is_refused(self):
        node = QlakeNode.with_rest(rest_extra="ssl = true and cert_file = /nonexistent.crt and key_file = /nonexistent.key")
        self.start_node(node, wait_rest=False)
        node.wait_output("Failed to read certificate", stream="stderr")
        node.stop()


class AuthTest(NodeTestCase):

    @classmethod
    def setUpClass(cls):
        cls.node = cls.start_class_node(
            QlakeNode.with_rest(["set node name op1"], rest_extra="user = alice and password = s3cret"), wait_rest=False)
        cls.node.wait_rest(headers=basic("alice", "s3cret"))

    def test_no_authorization(self):
        r = self.node.get("get status")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.reason, "Failed AnyLog Client Authentication")
        self.assertNotIn("running", r.body)

    def test_wrong_password(self):
        r = self.node.get("get status", headers=basic("alice", "wrong"))
        self.assertEqual(r.status, 401)
        self.assertEqual(r.reason, "Failed AnyLog Client Authentication")
        r = self.node.get("get status", headers=basic("mallory", "s3cret"))
        self.assertEqual(r.status, 401)

    def test_not_basic_scheme(self):
        r = self.node.get("get status", headers={"Authorization": "Bearer alice:s3cret"})
        self.assertEqual(r.status, 401)

    def test_right_password(self):
        r = self.node.get("get status", headers=basic("alice", "s3cret"))
        self.assertEqual(r.status, 200)
        self.assertRegex(r.body, STATUS_RE)

    def test_post_needs_credentials_too(self):
        self.assertEqual(self.node.post("set node name intruder").status, 401)
        self.assertRegex(self.node.get("get status", headers=basic("alice", "s3cret")).body, STATUS_RE)


if __name__ == "__main__":
    unittest.main(verbosity=2)
