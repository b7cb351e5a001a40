import NIOCore
import RESP

extension NodeClient {
    /// The reply a command held back by a dry run gets, so the operation goes on as if it was made.
    static let heldBackReply = RESPValue.simpleString(ByteBuffer(string: "OK"))

    /// Whether a dry run holds `command` back: every command but those that only read
    /// (see ``DryRunPolicy``). A held-back command is reported as ``OperationEvent/wouldSend(node:command:)``.
    func holdsBack(_ command: RedisCommand) async -> Bool {
        guard await isHeld(command) else { return false }
        events?(.wouldSend(node: address, command: command))
        return true
    }

    /// Whether this is a dry run and `command` changes something.
    private func isHeld(_ command: RedisCommand) async -> Bool {
        guard dryRun else { return false }
        return await !dryRunPolicy.mayRun(command, on: connection)
    }

    /// In a dry run, the replies to `commands` when one of them is held back (answered `heldBack`):
    /// those that only read are sent alone, in order; `nil` when none is held back, so they go in
    /// one round trip.
    func pipelineHoldingBack(_ commands: [RedisCommand], timeout: Double?, heldBack: RESPValue) async throws(TribError) -> [RESPValue]? {
        var held: [Bool] = []
        for command in commands {
            held.append(await isHeld(command))
        }
        guard held.contains(true) else { return nil }
        var replies: [RESPValue] = []
        for (command, isHeld) in zip(commands, held) {
            if isHeld {
                events?(.wouldSend(node: address, command: command))
                replies.append(heldBack)
            } else {
                // An error reply stays a value, as the pipeline promises.
                replies.append(contentsOf: try await pipeline([command], timeout: timeout))
            }
        }
        return replies
    }
}
