// The validated arguments of one `sequentialthinking` call: the reference's zod schema after
// coercion and after unknown keys were stripped.

/// One thought, as the engine records it.
public struct ThoughtInput: Sendable, Equatable {
    public var thought: String
    public var nextThoughtNeeded: Bool
    public var thoughtNumber: Int
    public var totalThoughts: Int
    public var isRevision: Bool?
    public var revisesThought: Int?
    public var branchFromThought: Int?
    public var branchId: String?
    public var needsMoreThoughts: Bool?

    public init(thought: String, nextThoughtNeeded: Bool, thoughtNumber: Int, totalThoughts: Int,
                isRevision: Bool? = nil, revisesThought: Int? = nil, branchFromThought: Int? = nil,
                branchId: String? = nil, needsMoreThoughts: Bool? = nil) {
        self.thought = thought
        self.nextThoughtNeeded = nextThoughtNeeded
        self.thoughtNumber = thoughtNumber
        self.totalThoughts = totalThoughts
        self.isRevision = isRevision
        self.revisesThought = revisesThought
        self.branchFromThought = branchFromThought
        self.branchId = branchId
        self.needsMoreThoughts = needsMoreThoughts
    }

    /// The branch this thought records, as the reference decides it: both `branchFromThought`
    /// and a non-empty `branchId` (JavaScript truthiness).
    public var recordedBranch: String? {
        guard branchFromThought != nil, let branchId, !branchId.isEmpty else { return nil }
        return branchId
    }
}
