-- wrk script: POST one sequentialthinking tools/call, the same request on every connection.
-- MCP_TARGET picks the form:
--   tool      POST /mcp/tool  {"tool":…,"payload":…}
--   stateless POST /mcp       JSON-RPC tools/call, 2026-07-28 (version in _meta and headers, no session)
--   session   POST /mcp       JSON-RPC tools/call, 2025-11-25, MCP_SESSION names a session made first
-- BEARER, when set, is sent as `Authorization: Bearer …`.
local target = os.getenv("MCP_TARGET") or "tool"
local arguments = '{"thought":"Consider the request path: parse, authorise, decrypt, dispatch, encrypt, answer; which step costs most?",'
    .. '"thoughtNumber":1,"totalThoughts":3,"nextThoughtNeeded":true}'

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bearer = os.getenv("BEARER")
if bearer and bearer ~= "" then wrk.headers["Authorization"] = "Bearer " .. bearer end

if target == "tool" then
    wrk.path = "/mcp/tool"
    wrk.body = '{"tool":"sequentialthinking","payload":' .. arguments .. '}'
elseif target == "stateless" then
    wrk.path = "/mcp"
    wrk.headers["Accept"] = "application/json, text/event-stream"
    wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
    wrk.headers["Mcp-Method"] = "tools/call"
    wrk.headers["Mcp-Name"] = "sequentialthinking"
    wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":' .. arguments
        .. ',"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
elseif target == "session" then
    wrk.path = "/mcp"
    wrk.headers["Accept"] = "application/json, text/event-stream"
    wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
    wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION") or ""
    wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":' .. arguments .. '}}'
else
    error("MCP_TARGET must be tool, stateless or session")
end

-- MCP_SHOW=1: print the first response's status and body, then stop (the scripts' sanity check).
if os.getenv("MCP_SHOW") == "1" then
    function response(status, headers, body)
        io.write("status ", status, "\n", body, "\n")
        wrk.thread:stop()
    end
end
