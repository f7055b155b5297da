internal import Glibc

/// A source reading a file descriptor with read(2) (retrying on EINTR). It does not own or
/// close the descriptor.
public final class AgeFileDescriptorSource: AgeByteSource {
    public let fd: Int32

    /// Reads `fd`, which the caller keeps open and closes.
    public init(fd: Int32) { self.fd = fd }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw AgeError(.io, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// A sink writing a file descriptor with write(2) until every byte is out. It does not own
/// or close the descriptor.
public final class AgeFileDescriptorSink: AgeByteSink {
    public let fd: Int32

    /// Writes `fd`, which the caller keeps open and closes.
    public init(fd: Int32) { self.fd = fd }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw AgeError(.io, "write failed: \(String(cString: strerror(errno)))")
        }
    }
}
