import Foundation
import HTTP
import Synchronization

/// A tiny service for the live tests. Routes:
/// `/hello`, `/echo` (body back; method, path and `name` query item in headers), `/delay?ms=`,
/// `/big?bytes=`, `/stream?n=&interval=`, `/hold` (a stream the test drives), `/noreply`.
final class TestDelegate: HTTPServerDelegate {
    let events = Mutex<[HTTPServerEvent]>([])
    let held = Mutex<[HTTPStreamWriter]>([])
    let closedStreams = Atomic<Int>(0)
    let handled = Atomic<Int>(0)

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        handled.add(1, ordering: .relaxed)
        var headers: HTTPHeaders = ["X-Path": request.path, "X-Method": request.method]
        switch request.path {
        case "/hello":
            headers.add(name: "Content-Type", value: "text/plain")
            responder.respond(HTTPResponse(status: 200, headers: headers, body: Array("hello".utf8)))
        case "/echo":
            if let name = request.queryItem("name") { headers.add(name: "X-Name", value: name) }
            headers.add(name: "X-Seen-Request-Id", value: request.requestID)
            responder.respond(HTTPResponse(status: 200, headers: headers, body: request.body))
        case "/delay":
            let ms = Int(request.queryItem("ms") ?? "0") ?? 0
            let headers = headers
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                responder.respond(HTTPResponse(status: 200, headers: headers, body: Array("delayed \(ms)".utf8)))
            }
        case "/async-echo":
            let headers = headers, body = request.body
            DispatchQueue.global().async {
                responder.respond(HTTPResponse(status: 200, headers: headers, body: body))
            }
        case "/big":
            let count = Int(request.queryItem("bytes") ?? "0") ?? 0
            responder.respond(HTTPResponse(status: 200, headers: headers, body: [UInt8](repeating: 120, count: count)))
        case "/stream":
            let count = Int(request.queryItem("n") ?? "3") ?? 3
            let interval = Int(request.queryItem("interval") ?? "0") ?? 0
            let writer = responder.startStream(status: 200, headers: ["Content-Type": "text/event-stream"])
            writer.onClose { [self] in self.closedStreams.add(1, ordering: .relaxed) }
            DispatchQueue.global().async {
                for index in 0..<count {
                    if interval > 0 { Thread.sleep(forTimeInterval: Double(interval) / 1000) }
                    guard writer.write(Array("data: \(index)\n\n".utf8)) else { return }
                }
                writer.finish()
            }
        case "/hold":
            let writer = responder.startStream(status: 200, headers: ["Content-Type": "text/event-stream"])
            writer.onClose { [self] in self.closedStreams.add(1, ordering: .relaxed) }
            held.withLock { $0.append(writer) }
        case "/close":
            headers.add(name: "Connection", value: "close")
            responder.respond(HTTPResponse(status: 503, headers: headers, body: Array("bye".utf8)))
        case "/status":
            let status = Int(request.queryItem("code") ?? "200") ?? 200
            responder.respond(HTTPResponse(status: status, headers: headers, body: Array("ignored".utf8)))
        case "/noreply":
            return
        default:
            responder.respond(HTTPResponse(status: 404, headers: headers, body: Array("not found".utf8)))
        }
    }

    func observe(_ event: HTTPServerEvent) {
        events.withLock { $0.append(event) }
    }

    var answered: [HTTPLayerResponse] {
        events.withLock { $0.compactMap { if case .answered(let r) = $0 { r } else { nil } } }
    }

    var rejectedCount: Int {
        events.withLock { $0.filter { if case .rejected = $0 { true } else { false } }.count }
    }

    func closeReasons() -> [HTTPCloseReason] {
        events.withLock { $0.compactMap { if case .closed(_, let reason) = $0 { reason } else { nil } } }
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }
}

/// Runs `body` against a fresh server on an ephemeral loopback port; always shuts it down.
func withServer(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    _ body: (HTTPServer, TestDelegate) throws -> Void
) throws {
    var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2)
    configure(&configuration)
    let delegate = TestDelegate()
    let server = try HTTPServer(configuration: configuration, delegate: delegate)
    try server.start()
    defer { server.shutdown() }
    try body(server, delegate)
}
