"""A misbehaving MCP backend for the fault tests (standard library only).

    raw_backend.py http hang|trickle|garbage
                                       Streamable HTTP on 127.0.0.1, port printed as "PORT <n>":
                                       initialize and ping are answered properly; tools/call
                                       never gets an answer (hang), gets an SSE stream of
                                       keep-alive comments and never the response (trickle), or
                                       gets a body that is not JSON (garbage). GET /stats
                                       reports {"open_hangs": N}, the calls still held open.
    raw_backend.py stdio hang|garbage|exit
                                       the same over stdin/stdout; "exit" exits at once.
"""

import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = sys.argv[2] if len(sys.argv) > 2 else "hang"
open_hangs = 0
lock = threading.Lock()


def answer(message):
    method = message.get("method")
    if "id" not in message:
        return None
    if method == "initialize":
        return {"jsonrpc": "2.0", "id": message["id"], "result": {
            "protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
            "serverInfo": {"name": "raw-backend", "version": "1"}}}
    if method in ("ping", "tools/list"):
        return {"jsonrpc": "2.0", "id": message["id"], "result": {"tools": []} if method == "tools/list" else {}}
    return "misbehave"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        with lock:
            body = json.dumps({"open_hangs": open_hangs}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        global open_hangs
        message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        reply = answer(message)
        if reply is None:
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if reply == "misbehave" and MODE == "trickle":
            with lock:
                open_hangs += 1
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                while True:  # until the gateway gives up and closes
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            with lock:
                open_hangs -= 1
            self.close_connection = True
            return
        if reply == "misbehave" and MODE == "hang":
            with lock:
                open_hangs += 1
            try:
                while self.connection.recv(1):  # until the gateway gives up and closes
                    pass
            except OSError:
                pass
            with lock:
                open_hangs -= 1
            self.close_connection = True
            return
        body = b"<html>this is not JSON" if reply == "misbehave" else json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Mcp-Session-Id", "raw-session")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def stdio():
    if MODE == "exit":
        sys.exit(7)
    for line in sys.stdin:
        message = json.loads(line)
        reply = answer(message)
        if reply is None:
            continue
        if reply == "misbehave":
            if MODE == "hang":
                continue
            # Valid JSON naming the request, but not a JSON-RPC response.
            reply = {"jsonrpc": "1.0", "id": message["id"], "answer": "garbage"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def main():
    if sys.argv[1] == "stdio":
        stdio()
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
