import RESP

/// The values of settings the tool changed on a node for a while, kept on the node itself so that a
/// tool killed before it put them back leaves a trace: `check` reports it and `fix` restores them.
///
/// The record is a function library (`FUNCTION LOAD`): it lives outside the keyspace (no slot, no
/// key a client could see or a move could carry), answers `FUNCTION LIST` on the node, and
/// outlives the tool's connections. Its name carries the node's id, so that the copy a replica
/// receives with its master's data is told apart from a record of the replica's own settings.
///
/// While the run that made it still waits, it keeps a connection named ``markerName`` open on the
/// node: a record whose marker is there (and whose process, on this machine, still runs) is a live
/// run's, which `check` reports as such and `fix` leaves to it.
public struct SavedSettings: Sendable, Hashable {
    /// One setting and the value to put back.
    public struct Setting: Sendable, Hashable {
        /// The `CONFIG` name.
        public var name: String
        /// The value it had before the tool changed it.
        public var value: String

        /// `name` with its value to restore.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The node whose settings these are.
    public var nodeID: String
    /// The settings, in the order they were changed.
    public var settings: [Setting]
    /// The run that made the record (`PID@HOST#MACHINE.TOKEN`, as ``MoveLease`` holders are named);
    /// `nil` in a record of a run that did not say.
    public var holder: String?

    /// The settings of `nodeID` to put back, recorded by `holder`.
    public init(nodeID: String, settings: [Setting], holder: String? = nil) {
        self.nodeID = nodeID
        self.settings = settings
        self.holder = holder.map(MoveLease.sanitized)
    }

    /// What every record's library name starts with.
    static let libraryPrefix = "redis_trib_saved_"
    /// `FUNCTION LIST` of the records on a node, with their code (``records(in:)`` reads the reply).
    static let listCommand = RedisCommand("FUNCTION", "LIST", "LIBRARYNAME", libraryPrefix + "*", "WITHCODE")
    /// `CLIENT LIST` of the connections a run's marker is among (``isHeld(clientList:)`` reads it).
    static let clientListCommand = RedisCommand("CLIENT", "LIST", "TYPE", "normal")
    /// The line of the library's code that carries one setting.
    private static let settingLinePrefix = "-- restore: "
    /// The line of the library's code that names the run that made it.
    private static let holderLinePrefix = "-- holder: "
    /// The start of the name of the connection a run keeps open on the node while it waits.
    static let markerPrefix = "redis-trib-settings"

    /// The name of the connection the run that made the record keeps open on the node while it
    /// waits; `nil` when the record does not name its run.
    var markerName: String? {
        holder.map { "\(Self.markerPrefix)/\($0)" }
    }

    /// The library's name: the prefix and the node's id (library names take letters, digits and `_`).
    public var libraryName: String {
        Self.libraryPrefix + String(nodeID.filter { $0.isLetter || $0.isNumber })
    }

    /// The library's code: a comment per setting, read back by ``init(libraryCode:)``, and one
    /// function (a library must register one) that returns them.
    var libraryCode: String {
        let lines = settings.map { Self.settingLinePrefix + "\($0.name) \($0.value)" }
        let header = [
            "#!lua name=\(libraryName)",
            "-- redis-trib changed these settings of node \(nodeID) while it waited for the cluster and puts them back when it",
            "-- ends; this library is left only when it was killed first: `redis-trib fix` restores them and deletes it.",
        ]
        let holderLine = holder.map { [Self.holderLinePrefix + $0] } ?? []
        return (header + holderLine + lines + ["redis.register_function('\(libraryName)', function() return '\(summary)' end)"]).joined(separator: "\n")
    }

    /// The record a library's name and code hold; `nil` for a library that is not one.
    init?(libraryName: String, libraryCode: String) {
        guard libraryName.hasPrefix(Self.libraryPrefix) else { return nil }
        let id = String(libraryName.dropFirst(Self.libraryPrefix.count))
        guard !id.isEmpty else { return nil }
        var settings: [Setting] = []
        var holder: String?
        for line in libraryCode.split(separator: "\n") {
            if line.hasPrefix(Self.holderLinePrefix) {
                holder = String(line.dropFirst(Self.holderLinePrefix.count))
                continue
            }
            guard line.hasPrefix(Self.settingLinePrefix) else { continue }
            let parts = line.dropFirst(Self.settingLinePrefix.count).split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            settings.append(Setting(name: String(parts[0]), value: String(parts[1])))
        }
        guard !settings.isEmpty else { return nil }
        self.init(nodeID: id, settings: settings, holder: holder?.isEmpty == false ? holder : nil)
    }

    /// Whether the run that made the record still runs, from the node's `CLIENT LIST` reply: its
    /// marker connection (``markerName``) is open, and its process, when it is one of this machine,
    /// has not exited (a connection cut off by the network outlives its process until the node
    /// notices). A node that refuses `CLIENT LIST` (an ACL) cannot say: the record is then taken
    /// for a live run's unless its process is seen gone, so that no run's settings are put back
    /// under it.
    func isHeld(clientList reply: RESPValue) -> Bool {
        guard let markerName, let holder else { return false }
        guard !reply.isError, let list = reply.string else { return !MoveLease.processIsGone(holder: holder) }
        let named = MoveLease.clients(in: list).contains { $0["name"].map(String.init) == markerName }
        return named && !MoveLease.processIsGone(holder: holder)
    }

    /// The settings as a sentence: `cluster-node-timeout 5000, repl-diskless-sync-delay 5`.
    public var summary: String {
        settings.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
    }

    /// The record of node `id` in a ``listCommand`` reply: its own, not a copy of its master's that
    /// a replica received with its data; `nil` for none, and for an error reply (a refused `FUNCTION`).
    static func record(of id: String, in reply: RESPValue) -> SavedSettings? {
        records(in: reply).first { $0.nodeID == id }
    }

    /// The records in a `FUNCTION LIST … WITHCODE` reply (a list of libraries, each a map or a flat
    /// list of names and values); other libraries are left out.
    static func records(in reply: RESPValue) -> [SavedSettings] {
        (reply.elements ?? []).compactMap { library in
            let fields = library.fields
            guard let name = fields["library_name"], let code = fields["library_code"], !code.isEmpty else { return nil }
            return SavedSettings(libraryName: name, libraryCode: code)
        }
    }
}
