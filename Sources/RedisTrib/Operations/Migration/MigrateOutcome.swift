import RESP

/// What the reply to one `MIGRATE … KEYS` means for the keys it carried.
///
/// The source sends every key as a `RESTORE` and reads the replies in order: keys answered `OK`
/// are deleted from the source, the others stay. So after any failure, what is left on the
/// source is exactly what did not move (some of it may also have reached the target).
enum MigrateOutcome: Sendable, Hashable {
    /// Every key that still existed moved (`OK`), or none existed any more (`NOKEY`).
    case moved
    /// Some keys exist on the target already (`BUSYKEY`); the others moved.
    case busyKeys
    /// The source stopped waiting for the target (`IOERR error or timeout reading/writing to target instance`).
    case timedOut(String)
    /// The source could not reach the target at all (`IOERR … connecting`).
    case targetUnreachable(String)
    /// Any other error, with its text.
    case failed(String)

    /// Reads a `MIGRATE` reply.
    init(reply: RESPValue) {
        guard reply.isError else {
            self = .moved
            return
        }
        let message = reply.string ?? ""
        if message.contains("BUSYKEY") {
            self = .busyKeys
        } else if message.hasPrefix("IOERR") {
            self = message.contains("connecting") ? .targetUnreachable(message) : .timedOut(message)
        } else {
            self = .failed(message)
        }
    }
}
