import Foundation
import RESP
import RedisTrib
import Synchronization

/// Makes the ``ClusterOperator`` for each command from the global options and the command's own
/// options (`--replace`, `--parallel`, `--atomic`, …), reusing one per combination so a script's
/// commands share connections.
final class OperatorFactory: Sendable {
    private let globals: GlobalOptions
    private let events: (@Sendable (OperationEvent) -> Void)?
    private let operators = Mutex<[String: ClusterOperator]>([:])

    init(globals: GlobalOptions, events: (@Sendable (OperationEvent) -> Void)?) {
        self.globals = globals
        self.events = events
    }

    func makeOperator(for arguments: CommandArguments) -> ClusterOperator {
        let key = arguments.optionFingerprint
        return operators.withLock { cache in
            if let existing = cache[key] { return existing }
            let created = ClusterOperator(options: operationOptions(arguments))
            cache[key] = created
            return created
        }
    }

    func closeAll() async {
        let all = operators.withLock { cache in
            let values = Array(cache.values)
            cache.removeAll()
            return values
        }
        for trib in all {
            await trib.close()
        }
    }

    private func operationOptions(_ arguments: CommandArguments) -> OperationOptions {
        var options = RedisTribMain.operationOptions(globals, arguments)
        options.dryRun = globals.dryRun
        if let events {
            let logged = options.events
            options.events = { event in
                logged?(event)
                events(event)
            }
        }
        return options
    }
}
