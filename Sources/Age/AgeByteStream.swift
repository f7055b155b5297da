/// Where a streaming encryptor or decryptor reads bytes from.
public protocol AgeByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Where a streaming encryptor or decryptor writes bytes to.
public protocol AgeByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension AgeByteSource {
    /// Reads until `buffer` is full or the input ends; returns how many bytes were read.
    func readFull(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
            if n == 0 { break }
            total += n
        }
        return total
    }
}

extension AgeByteSink {
    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// A source over bytes in memory.
public final class AgeMemorySource: AgeByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// Reads `bytes` from the start.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + n])) }
        offset += n
        return n
    }
}

/// A sink that collects everything written, optionally up to a limit.
public final class AgeMemorySink: AgeByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []
    private let limit: Int

    /// A write that would pass `limit` bytes in total throws `.plaintextTooLarge`.
    public init(limit: Int = .max) { self.limit = limit }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard self.bytes.count + bytes.count <= limit else {
            throw AgeError(.plaintextTooLarge, "output larger than \(limit) bytes")
        }
        self.bytes.append(contentsOf: bytes)
    }
}

/// A source that first returns `prefix`, then reads from `rest` (for bytes read ahead).
final class PrefixedSource: AgeByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: any AgeByteSource

    init(prefix: [UInt8], rest: any AgeByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + n])) }
            offset += n
            if offset == prefix.count { prefix = []; offset = 0 }
            return n
        }
        return try rest.read(into: buffer)
    }
}
