internal import CSodium

// Ownership: a SecureBytes owns one heap buffer for its whole life. The bytes are written
// only by the initialiser; afterwards the buffer is read-only, which is what makes sharing
// it across threads safe. deinit wipes the buffer with sodium_memzero (a store the compiler
// may not elide) before freeing it.

/// A buffer for secret bytes (keys, file keys, shared secrets) that is zeroed when released.
public final class SecureBytes: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer
    /// The number of bytes held.
    public let count: Int

    /// Allocates `count` bytes and lets `initializer` fill them (the buffer starts zeroed).
    public init(count: Int, initializer: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "negative SecureBytes count")
        Sodium.ensureReady()
        // Fill a local buffer first: a class init that throws after its stored properties are
        // set runs deinit, which would free the buffer a second time.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
        do {
            try initializer(UnsafeMutableRawBufferPointer(start: buffer, count: count))
        } catch {
            sodium_memzero(buffer, max(count, 1))
            buffer.deallocate()
            throw error
        }
        self.count = count
        pointer = buffer
    }

    /// Copies `bytes` into a new secure buffer.
    public convenience init<Bytes: Sequence>(copying bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        self.init(count: array.count) { buffer in
            array.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
    }

    /// `count` bytes from the system CSPRNG.
    public convenience init(randomCount count: Int) {
        self.init(count: count) { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { randombytes_buf(base, buffer.count) }
        }
    }

    deinit {
        sodium_memzero(pointer, max(count, 1))
        pointer.deallocate()
    }

    /// Read access to the secret bytes; do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// A copy as a plain array, for code that must hand the bytes on (tests, encoders).
    /// The copy is not zeroed on release: prefer `withUnsafeBytes`.
    public var unsafeArrayCopy: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Constant-time comparison with another buffer (lengths compared first, not secret).
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        withUnsafeBytes { a in other.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }
}
