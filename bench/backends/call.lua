-- POST one tools/call per request, each with its own id (one wrk thread: one Lua state, so the
-- counter is unique). SID and TEXT come from the environment.
local counter = 0
local sid = os.getenv("SID")
local text = os.getenv("TEXT") or "hello"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
if sid and sid ~= "" then
  wrk.headers["Mcp-Session-Id"] = sid
  wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
end
request = function()
  counter = counter + 1
  local body = string.format('{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"echo","arguments":{"text":"%s"}}}', counter, text)
  return wrk.format(nil, nil, nil, body)
end
