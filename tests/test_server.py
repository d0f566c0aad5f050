"""The language server, driven over stdio by a real LSP exchange (JSON-RPC with Content-Length framing)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("pygls")

BUGGY = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax')])\nm.save_weights('w.h5')\n"
CLEAN = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])\nm.save_weights('w.weights.h5')\n"


class Client:
    def __init__(self, cwd):
        self.proc = subprocess.Popen([sys.executable, "-m", "kerlint", "server"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, method, params, request=False):
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return message.get("id")

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("server closed")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def wait_for(self, predicate):
        for _ in range(50):
            message = self.receive()
            if predicate(message):
                return message
        raise AssertionError("no such message")

    def close(self):
        self.send("shutdown", None, request=True)
        self.send("exit", None)
        self.proc.wait(timeout=20)


def test_diagnostics_on_open_and_change_and_fixes_as_code_actions(tmp_path):
    uri = (tmp_path / "train.py").as_uri()
    client = Client(tmp_path)
    try:
        init = client.send("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}, request=True)
        reply = client.wait_for(lambda m: m.get("id") == init)
        assert reply["result"]["capabilities"]["codeActionProvider"]
        client.send("initialized", {})
        client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": BUGGY}})
        published = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        diagnostics = published["params"]["diagnostics"]
        assert [(d["code"], d["range"]["start"]["line"], d["severity"]) for d in diagnostics] == [("KER102", 1, 1), ("KER504", 2, 1)]
        assert diagnostics[0]["source"] == "kerlint"

        fix_range = diagnostics[1]["range"]
        asked = client.send("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": fix_range, "context": {"diagnostics": [diagnostics[1]]}}, request=True)
        actions = client.wait_for(lambda m: m.get("id") == asked)["result"]
        (action,) = actions
        (edit,) = action["edit"]["changes"][uri]
        assert edit["newText"] == "'w.weights.h5'"
        assert edit["range"]["start"] == {"line": 2, "character": 15}

        client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": CLEAN}]})
        cleared = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        assert cleared["params"]["diagnostics"] == []
    finally:
        client.close()
