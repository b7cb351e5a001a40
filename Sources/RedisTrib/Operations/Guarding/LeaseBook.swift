import Foundation
import RESP

/// The move leases one operator holds, so that nested steps of one operation (`fix` running the
/// migration engine, say) reuse a lease instead of seeing it as a rival's.
actor LeaseBook {
    /// Who holds the leases: `PID@HOST#MACHINE.TOKEN`, the machine tag (``machineTag``) telling
    /// this machine's processes from those of another with the same host name, the token two
    /// operators of one process apart.
    nonisolated let holder: String
    private var held: [NodeAddress: MoveLease] = [:]

    init() {
        let token = String(UInt32.random(in: .min ... .max), radix: 16)
        // Sanitized once, as it is written into client names and records and compared with them.
        holder = MoveLease.sanitized(
            "\(ProcessInfo.processInfo.processIdentifier)@\(Self.hostName)#\(Self.machineTag.map { "\($0)." } ?? "")\(token)")
    }

    /// What tells the processes of this machine, as `kill` sees them, from others: the kernel's boot
    /// id and the PID namespace (`a1b2c3d4-4026531836`); two containers, or two cloned machines, that
    /// share a host name differ in it. `nil` where `/proc` does not say (then no lease is ever taken
    /// for stale).
    static let machineTag: String? = {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
            let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
        else { return nil }
        let inode = namespace.filter(\.isNumber)
        let bootID = boot.prefix(8).filter(\.isHexDigit)
        guard !inode.isEmpty, bootID.count == 8 else { return nil }
        return "\(bootID)-\(inode)"
    }()

    /// This machine's name as `gethostname` gives it: no resolver look-up (`ProcessInfo.hostName`
    /// may ask DNS for a canonical name, and wait on it), as every operator makes one of these.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Takes the leases not held yet, all or none, asking the nodes in parallel (`fix` takes one
    /// on every master); returns the addresses newly taken.
    /// - Parameter claim: `false` in a dry run: rivals are looked for, nothing is named on the nodes.
    func acquire(_ addresses: [NodeAddress], operation: String, options: ConnectionOptions, endpoints: EndpointBook, claim: Bool) async throws(TribError)
        -> [NodeAddress]
    {
        let missing = addresses.filter { held[$0] == nil }
        let holder = self.holder
        let outcomes = await FanOut.map(missing) { address -> Result<MoveLease, TribError> in
            do throws(TribError) {
                return .success(
                    try await MoveLease.acquire(on: address, operation: operation, holder: holder, options: options, endpoints: endpoints, claim: claim))
            } catch {
                return .failure(error)
            }
        }
        var taken: [NodeAddress] = []
        var firstFailure: TribError?
        for outcome in outcomes {
            switch outcome {
            case .success(let lease):
                held[lease.address] = lease
                taken.append(lease.address)
            case .failure(let error):
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure {
            await release(taken)
            throw firstFailure
        }
        return taken
    }

    /// Gives back the leases on `addresses`.
    func release(_ addresses: [NodeAddress]) async {
        for address in addresses {
            await held.removeValue(forKey: address)?.release()
        }
    }

    /// The first address whose lease was lost (its connection closed), if any.
    func lost(among addresses: [NodeAddress]) -> NodeAddress? {
        addresses.first { held[$0].map { !$0.isHeld } ?? false }
    }
}

extension ClusterOperator {
    /// Runs `body` holding the move lease (``MoveLease``) on every node of `addresses`; leases this
    /// operator holds already are kept, those taken here are given back when `body` ends.
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` naming the other operation when one holds a
    ///   lease, before `body` runs; whatever `body` throws.
    func withMoveLeases<T: Sendable>(
        on addresses: [NodeAddress],
        operation: String,
        _ body: () async throws(TribError) -> T
    ) async throws(TribError) -> T {
        let taken = try await leases.acquire(
            Array(Set(addresses)).sorted { $0.description < $1.description }, operation: operation, options: pool.options, endpoints: pool.endpoints,
            claim: !options.dryRun)
        do throws(TribError) {
            let result = try await body()
            await leases.release(taken)
            return result
        } catch {
            await leases.release(taken)
            throw error
        }
    }

    /// Fails when the lease on one of `addresses` was lost mid-operation (its connection dropped):
    /// another operation may have taken it since.
    func requireLeases(_ addresses: [NodeAddress]) async throws(TribError) {
        if let lost = await leases.lost(among: addresses) {
            throw TribError(
                .preconditionFailed,
                "the move lease on \(lost) was lost (its connection closed); stopped before changing more slots: "
                    + "run `redis-trib fix \(lost)` once no other operation runs",
                node: lost
            )
        }
    }
}
