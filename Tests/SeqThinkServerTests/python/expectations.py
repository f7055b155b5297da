"""What seqthink must answer, shared by client_v1.py and client_v2.py.

Every check raises Failure with a message naming the field; the scripts turn that into exit 1.
Results are compared as JSON (model_dump by alias), so 1.x (camelCase attributes) and 2.x
(snake_case attributes) SDK models are checked the same way.
"""

import json
import uuid

TOOL = "sequentialthinking"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def dump(model):
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


def check_server_info(info, where):
    check(info is not None, f"{where}: no serverInfo")
    data = info if isinstance(info, dict) else dump(info)
    check(data.get("name") == "seqthink", f"{where}: serverInfo.name is {data.get('name')!r}, want 'seqthink'")
    check(isinstance(data.get("version"), str) and data["version"], f"{where}: serverInfo.version missing")


def check_tools(result):
    data = dump(result)
    tools = data.get("tools", [])
    check(len(tools) == 1, f"tools/list: want exactly one tool, got {[t.get('name') for t in tools]}")
    tool = tools[0]
    check(tool["name"] == TOOL, f"tools/list: tool name {tool['name']!r}")
    check(tool.get("title") == "Sequential Thinking", f"tools/list: title {tool.get('title')!r}")
    check(tool.get("description", "").startswith(
        "A detailed tool for dynamic and reflective problem-solving through thoughts."), "tools/list: description")
    schema = tool["inputSchema"]
    check(schema.get("type") == "object", "inputSchema.type")
    check(schema.get("required") == ["thought", "nextThoughtNeeded", "thoughtNumber", "totalThoughts"],
          f"inputSchema.required is {schema.get('required')}")
    props = schema.get("properties", {})
    want = {"thought": "string", "nextThoughtNeeded": "boolean", "thoughtNumber": "integer",
            "totalThoughts": "integer", "isRevision": "boolean", "revisesThought": "integer",
            "branchFromThought": "integer", "branchId": "string", "needsMoreThoughts": "boolean"}
    check(set(props) == set(want), f"inputSchema.properties are {sorted(props)}")
    for name, kind in want.items():
        check(props[name].get("type") == kind, f"inputSchema.properties.{name}.type is {props[name].get('type')}")
        check(props[name].get("description"), f"inputSchema.properties.{name}.description missing")
        if kind == "integer":
            check(props[name].get("minimum") == 1, f"inputSchema.properties.{name}.minimum is {props[name].get('minimum')}")
    out = tool.get("outputSchema", {})
    check(out.get("required") == ["thoughtNumber", "totalThoughts", "nextThoughtNeeded", "branches",
                                  "thoughtHistoryLength"], f"outputSchema.required is {out.get('required')}")
    check(out.get("properties", {}).get("branches", {}).get("items") == {"type": "string"}, "outputSchema.branches")
    annotations = tool.get("annotations", {})
    check(annotations.get("readOnlyHint") is True and annotations.get("destructiveHint") is False
          and annotations.get("idempotentHint") is True and annotations.get("openWorldHint") is False,
          f"annotations are {annotations}")


def thought_calls(branch_id):
    """Three thoughts: a first one, a revision of it, and a branch from it that ends the chain
    (totalThoughts 2 < thoughtNumber 3, so the server must raise it to 3)."""
    return [
        ({"thought": "Split the problem into parts", "nextThoughtNeeded": True, "thoughtNumber": 1,
          "totalThoughts": 3}, {"thoughtNumber": 1, "totalThoughts": 3, "nextThoughtNeeded": True}),
        ({"thought": "Revise: there are three parts", "nextThoughtNeeded": True, "thoughtNumber": 2,
          "totalThoughts": 3, "isRevision": True, "revisesThought": 1},
         {"thoughtNumber": 2, "totalThoughts": 3, "nextThoughtNeeded": True}),
        ({"thought": "Alternative: solve it directly", "nextThoughtNeeded": False, "thoughtNumber": 3,
          "totalThoughts": 2, "branchFromThought": 1, "branchId": branch_id},
         {"thoughtNumber": 3, "totalThoughts": 3, "nextThoughtNeeded": False}),
    ]


def check_thought_result(result, expected, step, history_length, branches_check):
    data = dump(result)
    check(not data.get("isError", False), f"thought {step}: isError is set: {data}")
    content = data.get("content", [])
    check(len(content) == 1 and content[0].get("type") == "text", f"thought {step}: content is {content}")
    structured = data.get("structuredContent")
    check(isinstance(structured, dict), f"thought {step}: structuredContent missing")
    check(set(structured) == {"thoughtNumber", "totalThoughts", "nextThoughtNeeded", "branches",
                              "thoughtHistoryLength"}, f"thought {step}: structuredContent keys {sorted(structured)}")
    for key, value in expected.items():
        check(structured[key] == value, f"thought {step}: {key} is {structured[key]!r}, want {value!r}")
    check(structured["thoughtHistoryLength"] == history_length,
          f"thought {step}: thoughtHistoryLength is {structured['thoughtHistoryLength']}, want {history_length}")
    branches_check(structured["branches"], step)
    # The reference's text content is JSON.stringify(structured, null, 2), key order included.
    check(content[0]["text"] == json.dumps(structured, indent=2),
          f"thought {step}: text content differs from the structured content:\n{content[0]['text']}")


def check_invalid_call(result):
    data = dump(result)
    check(data.get("isError") is True, f"invalid call: want isError, got {data}")
    text = data.get("content", [{}])[0].get("text", "")
    check("Invalid arguments for tool sequentialthinking" in text and "thoughtNumber" in text,
          f"invalid call: message is {text!r}")


def new_branch_id():
    return "branch-" + uuid.uuid4().hex[:12]
