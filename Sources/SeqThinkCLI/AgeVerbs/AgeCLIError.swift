/// A failure of an age verb: the one-line message printed after "seqthink: error: ", and the
/// exit status (1, or 2 for flag syntax errors, as the Go `flag` package in age exits).
struct AgeCLIError: Error {
    let message: String
    let status: Int32

    init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }
}
