/// One bad input for the built binary, with what it must answer: an exit status and a piece of the
/// message on standard error. Words may name the nodes of the test's clusters:
/// `$A` and `$B` (masters of the cluster), `$REPLICA` (a replica of `$A`), `$FREE` (a free node),
/// `$OTHER` (the node of another cluster), `$PLAIN` (a server that is not cluster-enabled) and
/// `$DEAD` (a loopback port nothing listens on).
struct BadInput: Sendable {
    /// What kind of mistake it is: the test runs each kind against one set of servers.
    enum Kind: String, Sendable, CaseIterable {
        case commandLine = "command line"
        case options
        case language
        case addresses
        case nodeStates = "node states"
    }

    var kind: Kind
    var words: [String]
    /// 2 for usage, 1 for a refusal or failure.
    var status: Int32
    var message: String

    init(_ kind: Kind, _ words: [String], _ status: Int32, _ message: String) {
        self.kind = kind
        self.words = words
        self.status = status
        self.message = message
    }

    /// The words with the placeholders replaced.
    func resolved(_ nodes: [String: String]) -> [String] {
        words.map { word in
            var result = word
            for (name, address) in nodes {
                result = result.replacingOccurrences(of: name, with: address)
            }
            return result
        }
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
