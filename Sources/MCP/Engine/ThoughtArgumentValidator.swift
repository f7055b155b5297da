public import JSON

// Validates `sequentialthinking` arguments as the reference's zod schema does (zod 4 issue
// shapes and messages), plus the two size limits a gateway needs. Every issue is collected,
// in schema order, and none of them throws past this file: the caller turns them into an
// `isError` tool result.

/// One validation problem, shaped like a zod issue.
public struct ThoughtArgumentIssue: Sendable, Equatable {
    public var json: JSONObject
    public var path: String
}

/// Validates raw tool arguments into a `ThoughtInput`.
public struct ThoughtArgumentValidator: Sendable {
    public var maxThoughtBytes: Int
    public var maxBranchIDBytes: Int

    public init(maxThoughtBytes: Int, maxBranchIDBytes: Int) {
        self.maxThoughtBytes = maxThoughtBytes
        self.maxBranchIDBytes = maxBranchIDBytes
    }

    public func validate(_ arguments: JSONValue?) -> Result<ThoughtInput, ValidationFailure> {
        guard case .object(let object) = arguments else {
            return .failure(ValidationFailure(issues: [typeIssue(expected: "object", received: arguments, path: [])]))
        }
        var issues: [JSONValue] = []
        let thought = string(object["thought"], path: "thought", required: true, maxBytes: maxThoughtBytes, issues: &issues)
        let next = boolean(object["nextThoughtNeeded"], path: "nextThoughtNeeded", required: true, issues: &issues)
        let number = positiveInteger(object["thoughtNumber"], path: "thoughtNumber", required: true, issues: &issues)
        let total = positiveInteger(object["totalThoughts"], path: "totalThoughts", required: true, issues: &issues)
        let isRevision = boolean(object["isRevision"], path: "isRevision", required: false, issues: &issues)
        let revises = positiveInteger(object["revisesThought"], path: "revisesThought", required: false, issues: &issues)
        let branchFrom = positiveInteger(object["branchFromThought"], path: "branchFromThought", required: false, issues: &issues)
        let branchId = string(object["branchId"], path: "branchId", required: false, maxBytes: maxBranchIDBytes, issues: &issues)
        let needsMore = boolean(object["needsMoreThoughts"], path: "needsMoreThoughts", required: false, issues: &issues)
        guard issues.isEmpty, let thought, let next, let number, let total else {
            return .failure(ValidationFailure(issues: issues))
        }
        return .success(ThoughtInput(thought: thought, nextThoughtNeeded: next, thoughtNumber: number,
                                     totalThoughts: total, isRevision: isRevision, revisesThought: revises,
                                     branchFromThought: branchFrom, branchId: branchId, needsMoreThoughts: needsMore))
    }

    /// Why arguments were refused: zod-shaped issues, rendered as the reference renders them.
    public struct ValidationFailure: Error, Sendable, Equatable {
        public var issues: [JSONValue]

        /// The paths that failed, e.g. ["thoughtNumber"].
        public var paths: [String] {
            issues.compactMap { issue -> String? in
                guard case .array(let path) = issue["path"] else { return nil }
                return path.compactMap(\.stringValue).joined(separator: ".")
            }
        }

        /// The tool-result text of the reference (TypeScript SDK McpServer) for a zod failure.
        public func message(toolName: String) -> String {
            let rendered = String(decoding: JSONWriter.encodePretty(.array(issues)), as: UTF8.self)
            return "MCP error -32602: Input validation error: Invalid arguments for tool \(toolName): \(rendered)"
        }
    }

    // MARK: - Field checks

    private func receivedName(_ value: JSONValue?) -> String {
        guard let value else { return "undefined" }
        return value.typeName
    }

    private func typeIssue(expected: String, received: JSONValue?, path: [String], receivedOverride: String? = nil) -> JSONValue {
        let name = receivedOverride ?? receivedName(received)
        var issue: JSONObject = ["expected": .string(expected), "code": .string("invalid_type")]
        if receivedOverride != nil { issue["received"] = .string(name) }
        issue["path"] = .array(path.map { .string($0) })
        issue["message"] = .string("Invalid input: expected \(expected), received \(name)")
        return .object(issue)
    }

    private func string(_ value: JSONValue?, path: String, required: Bool, maxBytes: Int, issues: inout [JSONValue]) -> String? {
        if value == nil, !required { return nil }
        guard case .string(let s)? = value else {
            issues.append(typeIssue(expected: "string", received: value, path: [path]))
            return nil
        }
        if s.utf8.count > maxBytes {
            issues.append(.object(["origin": .string("string"), "code": .string("too_big"), "maximum": .int(maxBytes),
                                   "inclusive": .bool(true), "path": .array([.string(path)]),
                                   "message": .string("Too big: expected string to have <=\(maxBytes) bytes (UTF-8)")]))
            return nil
        }
        return s
    }

    /// The reference's `coercedBoolean`: booleans, and the strings "true"/"false" in any case.
    private func boolean(_ value: JSONValue?, path: String, required: Bool, issues: inout [JSONValue]) -> Bool? {
        if value == nil, !required { return nil }
        switch value {
        case .bool(let b)?: return b
        case .string(let s)? where s.lowercased() == "true": return true
        case .string(let s)? where s.lowercased() == "false": return false
        default:
            issues.append(typeIssue(expected: "boolean", received: value, path: [path]))
            return nil
        }
    }

    /// `z.coerce.number().int().min(1)`, capped at JavaScript's safe-integer range.
    private func positiveInteger(_ value: JSONValue?, path: String, required: Bool, issues: inout [JSONValue]) -> Int? {
        if value == nil, !required { return nil }
        // z.coerce.number() turns a missing required value into Number(undefined), NaN.
        let number = value.map(JavaScriptCoercion.number) ?? .nan
        if number.isNaN || number.isInfinite {
            issues.append(typeIssue(expected: "number", received: .number(JSONNumber(integer: 0)), path: [path],
                                    receivedOverride: number.isNaN ? "NaN" : "Infinity"))
            return nil
        }
        var ok = true
        if number.rounded(.towardZero) != number {
            issues.append(.object(["expected": .string("int"), "format": .string("safeint"), "code": .string("invalid_type"),
                                   "path": .array([.string(path)]),
                                   "message": .string("Invalid input: expected int, received number")]))
            ok = false
        } else if number > 9_007_199_254_740_991 {
            issues.append(.object(["origin": .string("number"), "code": .string("too_big"), "maximum": .int(9_007_199_254_740_991),
                                   "inclusive": .bool(true), "path": .array([.string(path)]),
                                   "message": .string("Too big: expected int to be <=9007199254740991")]))
            ok = false
        }
        if number < 1 {
            issues.append(.object(["origin": .string("number"), "code": .string("too_small"), "minimum": .int(1),
                                   "inclusive": .bool(true), "path": .array([.string(path)]),
                                   "message": .string("Too small: expected number to be >=1")]))
            ok = false
        }
        return ok ? Int(number) : nil
    }
}
