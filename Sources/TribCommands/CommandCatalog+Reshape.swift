import RESP
import RedisTrib

/// `rebalance` and `reshard`: the commands that reshape a cluster by moving slots between its
/// masters, with redis-cli's option names as aliases.
extension CommandCatalog {
    /// `rebalance` and `reshard`, as ``commands`` lists them.
    static let reshapeCommands: [CommandSignature] = [
        CommandSignature(
            name: "rebalance",
            group: .reshape,
            summary: "move slots so that every master holds its weighted share of slots, keys or memory; the plan is printed first",
            parameters: [.init(node, "any node of the cluster", anyClusterNode: true)],
            options: [weight, threshold, useEmptyMasters, balanceBy, maxSlotsMoved, simulate, replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            .slotPlan(try await trib.rebalance(try arguments[Self.node], try rebalanceOptions(arguments)))
        },
        CommandSignature(
            name: "reshard",
            group: .reshape,
            summary: "move N slots from the sources to DST, each source giving in proportion to what it holds",
            parameters: [.init(node, "any node of the cluster", anyClusterNode: true)],
            options: [reshardFrom, reshardTo, reshardSlots, fewestKeys, simulate, replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            guard let from = arguments[Self.reshardFrom], let to = arguments[Self.reshardTo], let count = arguments[Self.reshardSlots] else {
                throw TribError(.usage, "reshard needs --from SRC[,SRC…]|all, --to DST and --slots N")
            }
            let destination: NodeReference
            do throws(TribError) {
                destination = try NodeReference(parsing: to)
            } catch {
                throw TribError(.usage, "--to '\(to)': \(error.message)")
            }
            return .slotPlan(
                try await trib.reshard(
                    try arguments[Self.node], from: try ReshardSources(parsing: from), to: destination, slots: count,
                    fewestKeys: arguments[Self.fewestKeys]))
        },
    ]

    /// The ``RebalanceOptions`` the options given ask for.
    ///
    /// - Throws: ``TribError`` `.usage` naming a `--weight`, `--threshold` or `--by` value that is
    ///   not what they take.
    static func rebalanceOptions(_ arguments: CommandArguments) throws(TribError) -> RebalanceOptions {
        var options = RebalanceOptions(useEmptyMasters: arguments[useEmptyMasters], maxSlotsMoved: arguments[maxSlotsMoved])
        for text in arguments[weight] ?? [] {
            let (reference, value) = try parseWeight(text)
            options.weights[reference] = value
        }
        if let text = arguments[threshold] {
            guard let percent = Double(text), percent.isFinite, percent >= 0 else {
                throw TribError(.usage, "--threshold '\(text)': expected a percentage ≥ 0, such as 2 or 0.5")
            }
            options.thresholdPercent = percent
        }
        if let text = arguments[balanceBy] {
            guard let measure = BalanceMeasure(rawValue: text.lowercased()) else {
                throw TribError(.usage, "--by '\(text)': expected slots, keys or memory")
            }
            options.measure = measure
        }
        return options
    }

    /// `NODE=W`: a node by address, id or id prefix, and a weight ≥ 0.
    static func parseWeight(_ text: String) throws(TribError) -> (NodeReference, Double) {
        guard let equals = text.lastIndex(of: "=") else {
            throw TribError(.usage, "--weight '\(text)': expected NODE=W, such as 127.0.0.1:7000=2 or 1a2b3c4d=0")
        }
        let reference: NodeReference
        do {
            reference = try NodeReference(parsing: String(text[..<equals]))
        } catch {
            throw TribError(.usage, "--weight '\(text)': \(error.message)")
        }
        let value = String(text[text.index(after: equals)...])
        guard let weight = Double(value), weight.isFinite, weight >= 0 else {
            throw TribError(.usage, "--weight '\(text)': '\(value)' is not a weight; expected a number ≥ 0 (0 empties the master)")
        }
        return (reference, weight)
    }

    // MARK: Options

    /// `--weight NODE=W`, repeatable: a master's weight.
    public static let weight = CommandOption.texts(
        "--weight", aliases: ["--cluster-weight"], placeholder: "NODE=W",
        "the weight of a master (address, id or id prefix), 1 unless given; 0 empties it; repeatable", .readByCommand
    )
    /// `--threshold PCT`: masters this close to their share are left alone.
    public static let threshold = CommandOption.text(
        "--threshold", aliases: ["--cluster-threshold"], placeholder: "PCT",
        "move nothing when every master is within PCT % of its share (default 2); once one is not, balance them all, as redis-cli", .readByCommand
    )
    /// `--use-empty-masters`: masters without slots take part.
    public static let useEmptyMasters = CommandOption.flag(
        "--use-empty-masters", aliases: ["--cluster-use-empty-masters"], "give masters that hold no slot their share too (else they are left out)",
        .readByCommand
    )
    /// `--by slots|keys|memory`: what is balanced.
    public static let balanceBy = CommandOption.text(
        "--by", placeholder: "slots|keys|memory",
        "balance slot counts (default), keys per slot (CLUSTER SLOT-STATS or COUNTKEYSINSLOT), or memory (sampled MEMORY USAGE)",
        .readByCommand
    )
    /// `--max-slots-moved N`: the most slots one run moves.
    public static let maxSlotsMoved = CommandOption.integer(
        "--max-slots-moved", in: 1...HashSlot.count, placeholder: "N", "move at most N slots in this run (default: no limit)", .readByCommand
    )
    /// `--simulate`: redis-cli's `--cluster-simulate`, the same as the global `--dry-run`.
    public static let simulate = CommandOption.flag(
        "--simulate", aliases: ["--cluster-simulate"], "plan and print the moves without making them (as --dry-run)", .into(\.dryRun)
    )
    /// `--from SRC[,SRC…]|all`: the masters `reshard` takes from.
    public static let reshardFrom = CommandOption.text(
        "--from", aliases: ["--cluster-from"], placeholder: "SRC[,SRC…]|all",
        "the masters that give slots (address, id or id prefix, separated by commas), or all but DST", .readByCommand
    )
    /// `--to DST`: the master `reshard` gives to.
    public static let reshardTo = CommandOption.text(
        "--to", aliases: ["--cluster-to"], placeholder: "DST", "the master that receives the slots (address, id or id prefix)", .readByCommand
    )
    /// `--slots N`: how many slots `reshard` moves.
    public static let reshardSlots = CommandOption.integer(
        "--slots", aliases: ["--cluster-slots"], in: 1...HashSlot.count, placeholder: "N", "how many slots move", .readByCommand
    )
    /// `--fewest-keys`: `reshard` takes the slots with the fewest keys first.
    public static let fewestKeys = CommandOption.flag(
        "--fewest-keys", "take each source's slots with the fewest keys first (else its lowest-numbered)", .readByCommand
    )
}
