/// What other threads ask an event loop to do, through its MPSC inbox.
enum LoopCommand: Sendable {
    case respond(ConnectionRef, HTTPResponse)
    /// The responder was dropped unused: answer 500 and report it.
    case unanswered(ConnectionRef, requestID: String)
    case startStream(ConnectionRef, status: Int, headers: HTTPHeaders, writer: HTTPStreamWriter)
    case streamWrite(ConnectionRef, [UInt8])
    case streamFinish(ConnectionRef)
    /// The stream's buffer passed its cap: close the connection.
    case streamAbort(ConnectionRef)
    /// A connection accepted by another loop, now owned by this one.
    case adopt(fd: Int32, remoteAddress: String)
    /// A Swift job of a task that prefers this loop's `EventLoopExecutor`.
    case job(UnownedJob)
    case beginDrain
    case stopAccepting
    case shutdown
}
