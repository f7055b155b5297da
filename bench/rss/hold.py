#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, sends one GET /health on each, reads the
whole response, and holds every connection open (idle) until the file RELEASE exists or
HOLD_S seconds pass. Writes the count of held connections to READY once all are open.

Usage: hold.py PORT N READY RELEASE [HOLD_S]
"""
import os
import socket
import sys
import time


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    if status != b"200":
        raise ConnectionError(f"status {status!r}")


def main():
    port, count, ready, release = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    hold_s = float(sys.argv[5]) if len(sys.argv) > 5 else 30.0
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(request)
        read_response(sock)
        held.append(sock)
    with open(ready, "w") as f:
        f.write(f"{len(held)}\n")
    deadline = time.monotonic() + hold_s
    while not os.path.exists(release) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Every connection must still be open (the server did not drop idle ones meanwhile).
    alive = 0
    for sock in held:
        sock.setblocking(False)
        try:
            alive += 1 if sock.recv(1) else 0
        except BlockingIOError:
            alive += 1
        sock.close()
    print(f"held {len(held)}, still open at release {alive}")
    return 0 if alive == len(held) else 1


if __name__ == "__main__":
    sys.exit(main())
