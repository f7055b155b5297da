"""Live check of seqthink with the official MCP Python SDK 2.x.

usage: client_v2.py BASE_URL [--token TOKEN] [--mode auto|legacy]

Client(streamable_http_client(BASE_URL/mcp)) in its default mode 'auto': the SDK probes
server/discover and, because seqthink answers it, stays on the stateless 2026-07-28 revision
(asserted). --mode legacy forces the initialize handshake instead.

Runs discover (by connecting), tools/list (schema asserted), three tools/call (a thought, a
revision, a branch) asserting every field, and one invalid call. Stateless calls share the
server's default history, so history lengths are checked relative to the first call and the
branch id is unique per run. Exit 0 on success, 1 with a message on the first mismatch.
"""

import argparse
import asyncio
import sys

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from expectations import (Failure, TOOL, check, check_invalid_call, check_server_info, check_thought_result,
                          check_tools, new_branch_id, thought_calls)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--token")
    parser.add_argument("--mode", default="auto", choices=["auto", "legacy"])
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    http = httpx2.AsyncClient(headers=headers, timeout=30)
    transport = streamable_http_client(f"{args.base_url.rstrip('/')}/mcp", http_client=http)
    async with http, Client(transport, mode=args.mode) as client:
        if args.mode == "auto":
            check(client.protocol_version == "2026-07-28",
                  f"auto mode: negotiated {client.protocol_version}, want 2026-07-28 (server/discover answered?)")
        else:
            check(client.protocol_version in ("2025-11-25", "2025-06-18"), f"legacy mode: {client.protocol_version}")
        check_server_info(client.server_info, "server info")
        check_tools(await client.list_tools(cache_mode="refresh") if args.mode == "auto" else await client.list_tools())
        branch = new_branch_id()
        first_length = None
        for step, (arguments, expected) in enumerate(thought_calls(branch), start=1):
            result = await client.call_tool(TOOL, arguments)
            if first_length is None:
                first_length = result.model_dump(by_alias=True)["structuredContent"]["thoughtHistoryLength"]
                if args.mode == "legacy":
                    check(first_length == 1, f"legacy mode: fresh session starts at {first_length}")

            def branches(value, step):
                check((branch in value) == (step == 3), f"thought {step}: branches is {value}")

            check_thought_result(result, expected, step, history_length=first_length + step - 1, branches_check=branches)
        check_invalid_call(await client.call_tool(TOOL, {"thought": "x", "nextThoughtNeeded": True,
                                                         "thoughtNumber": 0, "totalThoughts": 1}))
        print(f"ok: mcp 2.x Client ({args.mode}), protocol {client.protocol_version}")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Failure as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        sys.exit(1)
    except BaseException as error:
        print(f"FAIL: {type(error).__name__}: {error!r}", file=sys.stderr)
        sys.exit(1)
