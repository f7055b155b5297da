"""An MCP server written with the official Python SDK (FastMCP), used as seqthink's external
backend in the live tests. Its tools are ones the built-in engine does not have, so an answer
proves the call was forwarded.

    fastmcp_backend.py http [--port N] [--json]   Streamable HTTP on 127.0.0.1 (port 0: any);
                                                  prints "PORT <n>" once listening
    fastmcp_backend.py stdio                      newline-delimited JSON-RPC on stdin/stdout
"""

import argparse
import os
import socket
import sys

import anyio
from pydantic import BaseModel
import uvicorn
from mcp.server.fastmcp import Context, FastMCP
from mcp.shared.exceptions import UrlElicitationRequiredError
from mcp.types import ElicitRequestURLParams

server = FastMCP("fixture-backend", instructions="a test backend for seqthink")
counters: dict[int, int] = {}


@server.tool()
def echo(text: str) -> str:
    """Returns its argument."""
    return text


@server.tool()
def add(a: int, b: int) -> int:
    """Adds two integers (structured result)."""
    return a + b


@server.tool()
def count(ctx: Context) -> int:
    """Counts calls in this MCP session: separate backend sessions count separately."""
    key = id(ctx.session)
    counters[key] = counters.get(key, 0) + 1
    return counters[key]


@server.tool()
async def sleep(seconds: float) -> str:
    """Answers after `seconds`."""
    await anyio.sleep(seconds)
    return f"slept {seconds}"


@server.tool()
def needs_auth() -> str:
    """Fails with JSON-RPC error -32042 (URL elicitation required), code, message and data."""
    raise UrlElicitationRequiredError(
        [ElicitRequestURLParams(mode="url", message="Authorize the fixture", url="https://example.invalid/auth",
                                elicitationId="fixture-1")],
        message="Fixture needs authorization",
    )


@server.tool()
def noise() -> str:
    """Writes a non-JSON line and a 6 MiB line to stdout before answering (stdio only)."""
    if not sys.stdout.isatty():
        out = sys.__stdout__.buffer
        out.write(b"this is not JSON\n")
        out.write(b"x" * (6 << 20) + b"\n")
        out.flush()
    print("a line for the gateway's debug log", file=sys.stderr, flush=True)
    return "after the noise"


class Name(BaseModel):
    name: str


@server.tool()
async def asks_client(ctx: Context) -> str:
    """Asks the client (elicitation/create, on this call's own stream) in the middle of the call."""
    try:
        await ctx.elicit("Your name?", schema=Name)
    except Exception as error:  # the gateway offers no elicitation capability
        return f"elicitation refused: {error}"
    return "elicitation answered"


@server.tool()
def exit_now() -> str:
    """The process dies in the middle of the call."""
    os._exit(3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("transport", choices=["http", "stdio"])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="answer JSON bodies instead of SSE")
    args = parser.parse_args()
    if args.transport == "stdio":
        server.run("stdio")
        return
    server.settings.json_response = args.json
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(server.streamable_http_app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
