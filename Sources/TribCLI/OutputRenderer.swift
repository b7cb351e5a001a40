import Foundation
import RESP
import RedisTrib
import TribCommands
import TribLanguage
import TribShell

/// Prints results on stdout and errors on stderr, as plain text or as JSON (one object per line).
struct OutputRenderer {
    let json: Bool
    /// Colour tables: as the shell's prompt (standard output is a terminal, `TERM` is not `dumb`, `NO_COLOR` is unset or empty).
    var colour: Bool = TerminalStyle.automatic().usesColor
    /// In a dry run a command's closing sentence ("3 slot(s) moved") did not happen.
    var dryRun = false

    /// Prints a command's result on standard output.
    func render(_ output: CommandOutput, command: String) {
        ConsoleStream.output.writeLine(formatted(output, command: command))
    }

    /// Prints an error on standard error.
    func render(_ error: TribError) {
        ConsoleStream.error.writeLine(formatted(error))
    }

    /// Prints a warning or notice on standard error.
    func render(_ notice: Notice) {
        ConsoleStream.error.writeLine(formatted(notice))
    }

    /// Prints a line of `-v`'s trace on standard error: a command sent to a node, or a step.
    func render(trace text: String, node: String? = nil) {
        ConsoleStream.error.writeLine(formatted(trace: text, node: node))
    }

    /// A line of `-v`'s trace as printed: `[NODE] COMMAND` for a command sent to a node, else
    /// `redis-trib: TEXT`; with `--json` the object `{"node": …, "sent": …}` or `{"trace": …}`.
    func formatted(trace text: String, node: String? = nil) -> String {
        if json {
            return node.map { Self.jsonLine(["node": $0, "sent": text]) } ?? Self.jsonLine(["trace": text])
        }
        let shown = TerminalText.escapingControls(text)
        return node.map { "[\($0)] " + shown } ?? "redis-trib: " + shown
    }

    /// A command's result as printed: text, or one line of JSON.
    func formatted(_ output: CommandOutput, command: String) -> String {
        if dryRun, case .done = output {
            let message = "dry run of \(command): nothing was changed"
            return json ? Self.jsonLine(["command": command, "ok": true, "dry_run": true, "message": message]) : message
        }
        return json ? Self.jsonLine(Self.object(for: output, command: command)) : Self.text(for: output, colour: colour)
    }

    /// An error as printed: text, or one line of JSON.
    func formatted(_ error: TribError) -> String {
        json ? Self.jsonLine(Self.object(for: error)) : Self.text(for: error)
    }

    /// A warning or notice as printed: text, or one line of JSON.
    func formatted(_ notice: Notice) -> String {
        json ? Self.jsonLine(Self.object(for: notice)) : TerminalText.escapingControls(notice.text)
    }

    // MARK: Errors and notices

    /// `redis-trib: error: MESSAGE`, cut to 2000 characters: the message may quote an argument of any length.
    static func text(for error: TribError) -> String {
        "redis-trib: error: " + TerminalText.escapingControls(TerminalText.shortened(error.description, to: 2000))
    }

    /// `{"error": {"code": …, "message": …, "node": …}}`.
    static func object(for error: TribError) -> [String: Any] {
        var object: [String: Any] = ["code": error.code.rawValue, "message": error.message]
        if let node = error.node { object["node"] = node.description }
        return ["error": object]
    }

    /// `{"warning": {"code": …, "message": …}}`, keyed by its level.
    static func object(for notice: Notice) -> [String: Any] {
        [notice.level.rawValue: ["code": notice.code, "message": notice.message]]
    }

    // MARK: Text

    static func text(for output: CommandOutput, colour: Bool) -> String {
        switch output {
        case .done(let message):
            return message
        case .nodes(let nodes, let myself):
            return NodeTable.render(nodes, myself: myself, colour: colour)
        case .replies(let replies):
            return replies.map { reply in
                let name = reply.node.address?.description ?? reply.node.id
                switch reply.result {
                case .success(let value):
                    let text = value.description
                    return text.contains("\n") ? "\(name):\n" + text : "\(name): \(text)"
                case .failure(let error):
                    return "\(name): (error) \(TerminalText.escapingControls(error.message))"
                }
            }.joined(separator: "\n")
        case .check(let report):
            return checkText(for: report)
        case .info(let report):
            return infoText(for: report, colour: colour)
        case .fix(let plan):
            // A plan that was carried out was printed before the work (``EventPrinter``): the outcome follows it.
            let lines = plan.applied ? CommandCatalog.fixOutcomeLines(plan) : CommandCatalog.fixLines(plan)
            return lines.map(TerminalText.escapingControls).joined(separator: "\n")
        case .slotPlan(let plan):
            // The moves of a plan that was carried out were printed before the work (``EventPrinter``).
            return CommandCatalog.slotPlanLines(plan, movesShown: plan.applied).map(TerminalText.escapingControls).joined(separator: "\n")
        case .layout(let layout):
            return layoutText(for: layout)
        case .nodeTimeout(let report):
            return CommandCatalog.nodeTimeoutLines(report).map(TerminalText.escapingControls).joined(separator: "\n")
        case .importKeys(let report):
            return CommandCatalog.importLines(report).map(TerminalText.escapingControls).joined(separator: "\n")
        case .backup(let report):
            return CommandCatalog.backupLines(report).map(TerminalText.escapingControls).joined(separator: "\n")
        }
    }

    /// `info`'s lines; a master's line may quote its error, so controls are escaped. The map is
    /// drawn in colour on a terminal (``SlotMapPalette/colour``), in ASCII otherwise.
    static func infoText(for report: ClusterInfoReport, colour: Bool) -> String {
        guard report.slotKeys != nil else {
            return CommandCatalog.infoLines(report).map(TerminalText.escapingControls).joined(separator: "\n")
        }
        return CommandCatalog.infoLines(report, palette: colour ? .colour : .plain).joined(separator: "\n")
    }

    /// As redis-cli's `--cluster check`: `[ERR] …` or `[WARNING] …` per finding, then `[OK] …` or
    /// `[ERR] …` with the counts. A finding may quote a node's error reply, so controls are escaped.
    static func checkText(for report: ClusterCheckReport) -> String {
        let findings = report.findings.map { TerminalText.escapingControls(CommandCatalog.checkFindingText($0)) }
        let summary = (report.isHealthy ? "[OK] " : "[ERR] ") + CommandCatalog.checkSummaryText(report)
        return (findings + [summary]).joined(separator: "\n")
    }

    // MARK: JSON

    static func object(for output: CommandOutput, command: String) -> [String: Any] {
        switch output {
        case .done(let message):
            return ["command": command, "ok": true, "message": message]
        case .nodes(let nodes, let myself):
            return ["command": command, "myself": myself.id, "nodes": nodes.map(nodeObject)]
        case .replies(let replies):
            return [
                "command": command,
                "replies": replies.map { reply -> [String: Any] in
                    var object: [String: Any] = ["node": reply.node.address?.description ?? reply.node.id, "id": reply.node.id]
                    switch reply.result {
                    case .success(let value): object["reply"] = jsonValue(value)
                    case .failure(let error): object["error"] = ["code": error.code.rawValue, "message": error.message]
                    }
                    return object
                },
            ]
        case .check(let report):
            return checkObject(for: report, command: command)
        case .info(let report):
            return infoObject(for: report, command: command)
        case .fix(let plan):
            return fixObject(for: plan, command: command)
        case .slotPlan(let plan):
            return slotPlanObject(for: plan, command: command)
        case .layout(let layout):
            return layoutObject(for: layout, command: command)
        case .nodeTimeout(let report):
            return nodeTimeoutObject(for: report, command: command)
        case .importKeys(let report):
            return importObject(for: report, command: command)
        case .backup(let report):
            return backupObject(for: report, command: command)
        }
    }

    /// `{"command", "masters": [{"id", "address", "reachable", "error", "keys", "slots", "slot_count", "replicas": [{"id", "address"}],
    /// "replica_count", "memory_used", "open_slots"}], "totals": {…}}`, with `"map": {"slot_keys", "open", "uncovered"}` for
    /// `--map`, as the README documents it.
    static func infoObject(for report: ClusterInfoReport, command: String) -> [String: Any] {
        var object: [String: Any] = [
            "command": command,
            "masters": report.masters.map { master -> [String: Any] in
                [
                    "id": master.node.id,
                    "address": master.node.address?.description ?? NSNull(),
                    "reachable": master.unreachableReason == nil,
                    "error": master.unreachableReason ?? NSNull(),
                    "keys": master.keys ?? NSNull(),
                    "slots": master.slots.description,
                    "slot_count": master.slots.count,
                    "replicas": nodeObjects(master.replicas),
                    "replica_count": master.replicas.count,
                    "memory_used": master.memoryUsed ?? NSNull(),
                    "open_slots": master.openSlots.description,
                ]
            },
            "totals": [
                "keys": report.totalKeys,
                "slots_covered": report.coveredSlots.count,
                "masters": report.masters.count,
                "unreachable_masters": report.unreachableCount,
                "replicas": report.replicaCount,
                "memory_used": report.totalMemoryUsed,
                "keys_per_slot": report.keysPerSlot,
            ],
        ]
        if let slotKeys = report.slotKeys {
            object["map"] = ["slot_keys": slotKeys, "open": report.openSlots.description, "uncovered": report.uncoveredSlots.description]
        }
        return object
    }

    /// `{"command", "healthy", "summary", "checked", "findings": [{"severity", "kind", "message", "nodes": [{"id", "address"}],
    /// "slots", "slot_count"}]}`, as the README documents it.
    static func checkObject(for report: ClusterCheckReport, command: String) -> [String: Any] {
        [
            "command": command,
            "healthy": report.isHealthy,
            "summary": CommandCatalog.checkSummaryText(report),
            "checked": report.checkedNodes.map(\.description),
            "findings": report.findings.map { finding -> [String: Any] in
                [
                    "severity": finding.severity.rawValue,
                    "kind": finding.kind.rawValue,
                    "message": finding.message,
                    "nodes": nodeObjects(finding.nodes),
                    "slots": finding.slots.description,
                    "slot_count": finding.slots.count,
                ]
            },
        ]
    }

    /// Nodes as the JSON of `check`, `info` and `fix` names them: `{"id", "address"}`, the address `null` when unknown.
    static func nodeObjects(_ nodes: [Disagreement.NodeReference]) -> [[String: Any]] {
        nodes.map { ["id": $0.id, "address": $0.address?.description ?? NSNull()] }
    }

    /// `{"command", "applied", "summary", "repairs": [{"kind", "message", "nodes": [{"id", "address"}], "slots", "slot_count",
    /// "keys"}], "left_undone"}`, as the README documents it.
    static func fixObject(for plan: FixPlan, command: String) -> [String: Any] {
        [
            "command": command,
            "applied": plan.applied,
            "summary": CommandCatalog.fixSummaryText(plan),
            "repairs": plan.repairs.map { repair -> [String: Any] in
                [
                    "kind": repair.kind.rawValue,
                    "message": repair.message,
                    "nodes": nodeObjects(repair.nodes),
                    "slots": repair.slots.description,
                    "slot_count": repair.slots.count,
                    "keys": repair.keys,
                ]
            },
            "left_undone": plan.leftUndone,
        ]
    }

    static func nodeObject(_ node: ClusterNode) -> [String: Any] {
        var object: [String: Any] = [
            "id": node.id,
            "role": node.role?.rawValue ?? "none",
            "flags": node.flags.map(\.rawValue).sorted(),
            "slots": node.slots.description,
            "slot_count": node.slots.count,
            "config_epoch": node.configEpoch,
            "link_state": node.linkState.rawValue,
            "migrating": Dictionary(uniqueKeysWithValues: node.migrating.map { (String($0.key.rawValue), $0.value) }),
            "importing": Dictionary(uniqueKeysWithValues: node.importing.map { (String($0.key.rawValue), $0.value) }),
        ]
        object["address"] = node.address?.description ?? NSNull()
        object["master_id"] = node.masterID ?? NSNull()
        object["hostname"] = node.hostname ?? NSNull()
        return object
    }

    static func jsonValue(_ value: RESPValue) -> Any {
        switch value {
        case .integer(let number): return number
        case .null: return NSNull()
        case .double(let number): return number.isFinite ? number : String(number)
        case .boolean(let flag): return flag
        case .array(let values), .set(let values), .push(let values): return values.map(jsonValue)
        case .map(let entries): return entries.map { [jsonValue($0.key), jsonValue($0.value)] }
        case .attribute(_, let inner): return jsonValue(inner)
        case .error: return ["error": value.string ?? ""]
        default: return value.string ?? ""
        }
    }

    static func jsonLine(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `value` as one line of JSON, encoded as ``jsonLine(_:)`` writes objects (sorted keys, `/` unescaped).
    static func jsonLine(encoding value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
