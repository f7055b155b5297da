"""Live check of seqthink with the official MCP Python SDK 1.x.

usage: client_v1.py {streamable|sse} BASE_URL [--token TOKEN]

streamable: streamablehttp_client(BASE_URL/mcp)  (initialize handshake, Mcp-Session-Id)
sse:        sse_client(BASE_URL/mcp/sse)         (legacy HTTP+SSE, relative endpoint event)

Runs initialize, tools/list (schema asserted), three tools/call (a thought, a revision, a branch)
asserting every field of every result, and one invalid call. Each run is a fresh session, so the
history counts are exact. Exit 0 on success, 1 with a message on the first mismatch.
"""

import argparse
import asyncio
import sys

from mcp import ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamablehttp_client

from expectations import (Failure, TOOL, check, check_invalid_call, check_server_info, check_thought_result,
                          check_tools, new_branch_id, thought_calls)


async def exercise(session):
    init = await session.initialize()
    check(init.protocolVersion in ("2025-11-25", "2025-06-18"), f"initialize: protocolVersion {init.protocolVersion}")
    check_server_info(init.serverInfo, "initialize")
    check(init.capabilities.tools is not None, "initialize: no tools capability")
    check_tools(await session.list_tools())
    branch = new_branch_id()
    for step, (arguments, expected) in enumerate(thought_calls(branch), start=1):
        result = await session.call_tool(TOOL, arguments)

        def branches(value, step):
            want = [branch] if step == 3 else []
            check(value == want, f"thought {step}: branches is {value}, want {want}")

        check_thought_result(result, expected, step, history_length=step, branches_check=branches)
    check_invalid_call(await session.call_tool(TOOL, {"thought": "x", "nextThoughtNeeded": True,
                                                      "thoughtNumber": 0, "totalThoughts": 1}))
    return init.protocolVersion


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["streamable", "sse"])
    parser.add_argument("base_url")
    parser.add_argument("--token")
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else None
    base = args.base_url.rstrip("/")
    if args.mode == "streamable":
        async with streamablehttp_client(f"{base}/mcp", headers=headers) as (read, write, get_session_id):
            async with ClientSession(read, write) as session:
                version = await exercise(session)
                check(bool(get_session_id()), "streamable: the server issued no Mcp-Session-Id")
    else:
        async with sse_client(f"{base}/mcp/sse", headers=headers) as (read, write):
            async with ClientSession(read, write) as session:
                version = await exercise(session)
    print(f"ok: mcp 1.x {args.mode} client, protocol {version}")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Failure as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        sys.exit(1)
    except BaseException as error:  # connection errors arrive wrapped in ExceptionGroups
        print(f"FAIL: {type(error).__name__}: {error!r}", file=sys.stderr)
        sys.exit(1)
