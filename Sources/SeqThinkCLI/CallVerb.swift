import JSON

internal import Age
internal import Crypto
internal import Foundation
internal import HTTP

/// `seqthink call`: one tool call through a gateway, encrypting and decrypting for the caller.
///
///     seqthink call URL [--tool NAME] [--args JSON | --args-file F] [--token T | --token-file F]
///                       [--recipient R | --recipient-file F] [-i IDENTITY]... [--lz4]
///                       [--send-recipient] [--plaintext] [--ca-file PEM] [--timeout SECONDS]
///
/// URL is the gateway (`https://host`) or its `/mcp/tool` endpoint. Without a recipient the
/// service's own is fetched from `/.well-known/age-recipient`. The request
/// `{"tool":NAME,"payload":ARGS}` is sealed to it; the answer is opened with the `-i`
/// identities and the `CallToolResult` JSON printed on stdout. A gateway without encryption is
/// only called in plaintext with `--plaintext` (a missing key is never silently a downgrade).
///
/// Exit status: 0 the tool answered, 1 any failure (the message names the HTTP status and the
/// gateway's error code, or says that the tool reported an error), 2 a usage error.
public enum CallVerb {
    static let usage = """
        usage: seqthink call URL [--tool NAME] [--args JSON | --args-file F] [--token T | --token-file F]
                                 [--recipient R | --recipient-file F] [-i IDENTITY]... [--lz4]
                                 [--send-recipient] [--plaintext] [--ca-file PEM] [--timeout SECONDS]
        """

    static let parser = ArgumentParser([
        .value(["--tool"], "NAME", "the tool to call (default: sequentialthinking)"),
        .value(["--args"], "JSON", "the tool's arguments, a JSON object (default: {})"),
        .value(["--args-file"], "FILE", "read the arguments from FILE (- for stdin)"),
        .value(["--token"], "JWT", "bearer token (prefer --token-file: argv is visible to other users)"),
        .value(["--token-file"], "FILE", "read the bearer token from FILE"),
        .value(["-r", "--recipient"], "AGE1", "the gateway's age recipient (repeatable); default: fetched"),
        .value(["-R", "--recipient-file"], "FILE", "recipients file of the gateway"),
        .value(["-i", "--identity"], "FILE", "age identity file that opens the answer (repeatable)"),
        .flag(["--lz4"], "compress the request and ask for a compressed answer (LZ4 frame inside age)"),
        .flag(["--send-recipient"], "ask for the answer sealed to the -i identities (Age-Recipient)"),
        .flag(["--plaintext"], "call a gateway that has no encryption, in plaintext"),
        .value(["--ca-file"], "PEM", "CA bundle for https (default: the system's)"),
        .value(["--timeout"], "SECONDS", "give up after SECONDS (default: 130)"),
        .flag(["-h", "--help"], "print this help"),
    ])

    struct Failure: Error, CustomStringConvertible {
        let description: String
        var exitCode: Int32 = 1
        static func usage(_ message: String) -> Failure { Failure(description: message, exitCode: 2) }
    }

    /// `seqthink call …` (arguments after the verb).
    public static func run(_ args: [String]) async -> Int32 {
        await run(args, out: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }, err: { printError($0) })
    }

    static func run(_ args: [String], out: @Sendable (String) -> Void, err: @Sendable (String) -> Void) async -> Int32 {
        do {
            let parsed: ArgumentParser.Parsed
            do { parsed = try parser.parse(args) } catch { throw Failure.usage(error.description) }
            if parsed.has("help") {
                out(usage + "\n\n" + parser.helpLines())
                return 0
            }
            let result = try await call(try Request(parsed))
            out(result.json)
            if result.toolError {
                err("seqthink call: the tool reported an error (isError: true)")
                return 1
            }
            return 0
        } catch let failure as Failure {
            err("seqthink call: \(failure.description)")
            if failure.exitCode == 2 { err(usage) }
            return failure.exitCode
        } catch {
            err("seqthink call: \(error)")
            return 1
        }
    }

    /// Everything one call needs, checked before any network traffic.
    struct Request {
        let endpoint: String
        let origin: String
        let body: [UInt8]
        let token: String?
        let recipients: [X25519Recipient]?
        let identities: [X25519Identity]
        let lz4: Bool
        let sendRecipient: Bool
        let plaintext: Bool
        let caFile: String?
        let timeout: Duration

        init(_ parsed: ArgumentParser.Parsed) throws {
            guard parsed.positionals.count == 1, let url = parsed.positionals.first else {
                throw Failure.usage(parsed.positionals.isEmpty ? "the gateway URL is missing" : "give exactly one URL")
            }
            (endpoint, origin) = try Self.endpoint(url)
            let tool = parsed.last("tool") ?? "sequentialthinking"
            let argsText: String
            switch (parsed.last("args"), parsed.last("args-file")) {
            case (.some, .some): throw Failure.usage("give --args or --args-file, not both")
            case (let text?, nil): argsText = text
            case (nil, let path?): argsText = try Self.readText(path, what: "--args-file")
            case (nil, nil): argsText = "{}"
            }
            guard let argsData = argsText.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: argsData), object is [String: Any] else {
                throw Failure.usage("the tool arguments must be a JSON object")
            }
            let call: [String: Any] = ["tool": tool, "payload": object]
            body = [UInt8](try JSONSerialization.data(withJSONObject: call, options: [.sortedKeys, .withoutEscapingSlashes]))

            switch (parsed.last("token"), parsed.last("token-file")) {
            case (.some, .some): throw Failure.usage("give --token or --token-file, not both")
            case (let token?, nil): self.token = token
            case (nil, let path?):
                self.token = try Self.readText(path, what: "--token-file").trimmingCharacters(in: .whitespacesAndNewlines)
            case (nil, nil): self.token = nil
            }
            if let token, token.isEmpty || token.contains(where: { $0.isWhitespace || $0.isNewline }) {
                throw Failure.usage("the token is empty or contains whitespace")
            }

            plaintext = parsed.has("plaintext")
            lz4 = parsed.has("lz4")
            sendRecipient = parsed.has("send-recipient")
            let named = parsed.all("recipient"), files = parsed.all("recipient-file")
            if !named.isEmpty || !files.isEmpty {
                var all: [X25519Recipient] = []
                for text in named {
                    guard let recipient = try? X25519Recipient(parsing: text) else {
                        throw Failure.usage("--recipient \(text.prefix(80)) is not an age X25519 recipient")
                    }
                    all.append(recipient)
                }
                for path in files {
                    do { all += try AgeKeyFile.recipients(parsing: Self.readText(path, what: "--recipient-file")) } catch let error as AgeError {
                        throw Failure.usage("--recipient-file \(path): \(error.description)")
                    }
                }
                recipients = all
            } else {
                recipients = nil
            }
            var identities: [X25519Identity] = []
            for path in parsed.all("identity") {
                do { identities += try AgeKeyFile.identities(parsing: Self.readText(path, what: "-i")) } catch let error as AgeError {
                    throw Failure.usage("-i \(path): \(error.description)")
                }
            }
            self.identities = identities
            if plaintext {
                guard recipients == nil, identities.isEmpty, !lz4, !sendRecipient else {
                    throw Failure.usage("--plaintext takes no key options and no --lz4")
                }
            } else if identities.isEmpty {
                throw Failure.usage("-i IDENTITY is needed to open the encrypted answer (or --plaintext for a gateway without encryption)")
            }
            caFile = parsed.last("ca-file")
            let seconds = parsed.last("timeout").map { Int($0) } ?? 130
            guard let seconds, seconds > 0, seconds <= 3600 else { throw Failure.usage("--timeout must be 1…3600 seconds") }
            timeout = .seconds(seconds)
        }

        /// The /mcp/tool URL and the origin for /.well-known, from what the user typed.
        static func endpoint(_ text: String) throws -> (String, String) {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = url.host, !host.isEmpty else {
                throw Failure.usage("\(text) is not an http or https URL")
            }
            let hostPart = host.contains(":") ? "[\(host)]" : host
            let origin = "\(scheme)://\(hostPart)" + (url.port.map { ":\($0)" } ?? "")
            var path = url.path
            while path.hasSuffix("/") { path.removeLast() }
            if !path.hasSuffix("/mcp/tool") { path += "/mcp/tool" }
            return (origin + path, origin)
        }

        static func readText(_ path: String, what: String) throws -> String {
            let data: Data?
            if path == "-" {
                data = try? FileHandle.standardInput.readToEnd()
            } else {
                data = FileManager.default.contents(atPath: path)
            }
            guard let data, data.count <= 16 << 20 else { throw Failure.usage("\(what) \(path) cannot be read") }
            return String(decoding: data, as: UTF8.self)
        }
    }

    struct Result {
        let json: String
        let toolError: Bool
    }

    static func call(_ request: Request) async throws -> Result {
        let client = HTTPClient(configuration: HTTPClientConfiguration(
            maximumResponseBytes: 64 << 20, maximumConnectionsPerHost: 2, caFile: request.caFile))
        func execute(_ http: HTTPClientRequest) async throws -> HTTPClientResponse {
            do { return try await client.execute(http, timeout: request.timeout) } catch {
                throw Failure(description: "\(http.url): \(error)")
            }
        }
        var headers: [(name: String, value: String)] = []
        if let token = request.token { headers.append(("Authorization", "Bearer \(token)")) }
        let body: [UInt8]
        if request.plaintext {
            headers.append(("Content-Type", "application/json"))
            body = request.body
        } else {
            let recipients: [X25519Recipient]
            if let named = request.recipients { recipients = named } else {
                recipients = try await fetchRecipients(origin: request.origin, execute: execute)
            }
            let inner = request.lz4 ? try LZ4Frame.compress(request.body) : request.body
            body = try Age.seal(inner, to: recipients)
            headers.append(("Content-Type", "application/age"))
            if request.lz4 { headers += [("Seqthink-Encoding", "lz4"), ("Seqthink-Accept-Encoding", "lz4")] }
            if request.sendRecipient {
                var seen = Set<String>()
                for recipient in request.identities.map(\.recipient.encoded) where seen.insert(recipient).inserted {
                    headers.append(("Age-Recipient", recipient))
                }
            }
        }
        let response = try await execute(HTTPClientRequest(method: "POST", url: request.endpoint, headers: headers, body: body))
        guard response.status == 200 else { throw Failure(description: describe(response)) }

        var plain = response.body
        let type = (response.header("Content-Type") ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if type == "application/age" {
            guard !request.identities.isEmpty else { throw Failure(description: "the answer is encrypted; give -i IDENTITY") }
            do { plain = try Age.open(plain, with: request.identities, maxPlaintext: 64 << 20) } catch {
                throw Failure(description: "the answer (status 200) could not be decrypted with the -i identities: \(error)")
            }
            if response.header("Seqthink-Encoding")?.lowercased() == "lz4" {
                do { plain = try LZ4Frame.decompress(plain, maxOutput: 64 << 20) } catch {
                    throw Failure(description: "the answer's LZ4 frame is invalid: \(error)")
                }
            }
        } else if !request.plaintext {
            // Fail closed: an encrypted call must not accept a plaintext answer.
            throw Failure(description: "the answer (status 200) is not encrypted (Content-Type \(type ?? "none")); refusing it")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any] else {
            throw Failure(description: "the answer (status 200) is not a JSON object")
        }
        return Result(json: String(decoding: plain, as: UTF8.self), toolError: object["isError"] as? Bool == true)
    }

    /// GET /.well-known/age-recipient: one recipient a line.
    static func fetchRecipients(origin: String, execute: (HTTPClientRequest) async throws -> HTTPClientResponse) async throws -> [X25519Recipient] {
        let response = try await execute(HTTPClientRequest(method: "GET", url: origin + "/.well-known/age-recipient"))
        guard response.status == 200 else {
            throw Failure(description: "fetching the gateway's recipient: " + describe(response)
                + (response.status == 404 ? " (a gateway without encryption needs --plaintext)" : ""))
        }
        do {
            return try AgeKeyFile.recipients(parsing: String(decoding: response.body, as: UTF8.self))
        } catch {
            throw Failure(description: "the gateway's /.well-known/age-recipient is not a recipients list: \(error)")
        }
    }

    /// "the gateway answered 401 (invalid_token: …)" from the gateway's plaintext error body.
    static func describe(_ response: HTTPClientResponse) -> String {
        var text = "the gateway answered \(response.status)"
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let error = object["error"] as? [String: Any], let code = error["code"] as? String {
            text += " (\(code)"
            if let message = error["message"] as? String { text += ": \(message)" }
            text += ")"
        } else if response.header("Content-Type")?.hasPrefix("application/age") == true {
            text += " (an encrypted body)"
        }
        return text
    }
}
