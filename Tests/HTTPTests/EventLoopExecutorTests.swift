import Foundation
@testable import HTTP
import Synchronization
import Testing
import TestSupport

/// `HTTPServer.executors`: tasks that prefer one run on that event loop's thread, make progress
/// before the loops start and after they stop, and never starve the loop's sockets.
@Suite(.serialized) struct EventLoopExecutorTests {
    private func makeServer(loops: Int) throws -> HTTPServer {
        try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: loops),
                       delegate: TestDelegate())
    }

    @Test func tasksRunOnTheirLoopsThreadAndStayThereAcrossSuspensions() async throws {
        let server = try makeServer(loops: 2)
        try server.start()
        defer { server.shutdown() }
        for index in 0..<2 {
            let onLoop = await Task(executorPreference: server.executors[index]) { () async -> [Bool] in
                var seen = [server.isOnLoopThread(index)]
                for _ in 0..<3 {
                    await Task.yield()
                    try? await Task.sleep(for: .milliseconds(1))
                    seen.append(server.isOnLoopThread(index) && !server.isOnLoopThread(1 - index))
                }
                return seen
            }.value
            #expect(onLoop == [true, true, true, true], "loop \(index): \(onLoop)")
        }
        // Child tasks inherit the preference.
        let children = await Task(executorPreference: server.executors[1]) { () async -> [Bool] in
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 { group.addTask { server.isOnLoopThread(1) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }.value
        #expect(children == [true, true, true, true])
    }

    @Test func tasksFinishBeforeTheLoopsStartAndAfterTheyStop() async throws {
        let server = try makeServer(loops: 1)
        let early = await Task(executorPreference: server.executors[0]) { server.isOnLoopThread(0) ? -1 : 7 }.value
        #expect(early == 7)
        try server.start()
        // A task suspended on the loop when it stops resumes elsewhere and completes.
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let waiting = Task(executorPreference: server.executors[0]) { () async -> Bool in
            var iterator = stream.makeAsyncIterator()
            _ = await iterator.next()
            return server.isOnLoopThread(0)
        }
        try await Task.sleep(for: .milliseconds(20))
        server.shutdown()
        continuation.yield()
        continuation.finish()
        #expect(await waiting.value == false)
        let late = await Task(executorPreference: server.executors[0]) { 9 }.value
        #expect(late == 9)
    }

    @Test func aBusyTaskOnTheLoopDoesNotStarveItsSockets() async throws {
        let server = try makeServer(loops: 1)
        try server.start()
        defer { server.shutdown() }
        let stop = Atomic<Bool>(false)
        // Yields forever: every round of the loop's inbox has a job of it queued.
        let spinner = Task(executorPreference: server.executors[0]) {
            while !stop.load(ordering: .relaxed) { await Task.yield() }
        }
        let answer = try await RawClient.exchange(port: server.port, "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        stop.store(true, ordering: .relaxed)
        await spinner.value
        #expect(answer.status == 200)
        #expect(answer.text == "hello")
    }

    @Test func theResponderNamesTheLoopThatOwnsTheConnection() async throws {
        let delegate = LoopIndexDelegate()
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2),
                                    delegate: delegate)
        delegate.server.withLock { $0 = server }
        try server.start()
        defer { server.shutdown() }
        for _ in 0..<8 {
            let answer = try await RawClient.exchange(port: server.port, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(answer.status == 200)
        }
        #expect(delegate.seen.withLock { $0 } == Array(repeating: true, count: 8))
    }
}

/// Answers every request with 200 and records whether `handle` ran on the thread of the loop
/// the responder names.
private final class LoopIndexDelegate: HTTPServerDelegate {
    let seen = Mutex<[Bool]>([])
    let server = Mutex<HTTPServer?>(nil)

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let onNamedLoop = server.withLock { $0 }?.isOnLoopThread(responder.loopIndex) ?? false
        seen.withLock { $0.append(onNamedLoop) }
        responder.respond(HTTPResponse(status: 200, headers: [:], body: []))
    }

    func observe(_ event: HTTPServerEvent) {}
}
