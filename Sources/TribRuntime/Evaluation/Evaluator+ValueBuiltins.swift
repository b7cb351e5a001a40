import Foundation
import RedisTrib
import TribLanguage

extension Evaluator {
    /// The builtins over lists, slot sets, strings and maps (`first`, `sort`, `filter`, `split`, …),
    /// once their arguments are checked against their declarations.
    func callValueBuiltin(_ builtin: Builtin, _ checked: [CheckedArgument], _ arguments: [TribLanguage.Expression], at range: SourceRange)
        async throws(RuntimeError) -> Value
    {
        switch (builtin, checked.first) {
        case (.first, .value(let sequence)?), (.last, .value(let sequence)?):
            var count: Int?
            if case .integer(let n)? = checked.dropFirst().first {
                guard n >= 0 else { throw fail(.invalidArguments, "`\(builtin.rawValue)` takes a count of 0 or more, not \(n)", at: arguments[1].range) }
                count = n
            }
            return Self.ends(of: sequence, count: count, fromStart: builtin == .first)
        case (.reverse, .value(let sequence)?):
            switch sequence {
            case .string(let text): return .string(String(text.reversed()))
            case .slots(let slots): return .list(ValueList(slots.reversed().map { .integer($0.intValue) }))
            case .list(let elements): return .list(ValueList(elements.reversed()))
            default: throw undeclaredArgument(of: builtin, at: range)
            }
        case (.sort, .list(let elements)?):
            var by: String?
            if case .text(let name)? = checked.dropFirst().first { by = name }
            return .list(ValueList(try await sorted(elements, by: by, at: arguments[by == nil ? 0 : 1].range)))
        case (.min, .list(let elements)?), (.max, .list(let elements)?):
            let order = try await sorted(elements, by: nil, at: arguments[0].range)
            return (builtin == .min ? order.first : order.last) ?? .nilValue
        case (.sum, .list(let elements)?):
            var total = 0
            for element in elements {
                guard case .integer(let number) = element else {
                    throw fail(.typeMismatch, "`sum` adds integers; the list holds \(element.kindName): \(element.description)", at: arguments[0].range)
                }
                let (sum, overflow) = total.addingReportingOverflow(number)
                guard !overflow else { throw fail(.integerOverflow, "the sum does not fit in 64 bits", at: range) }
                total = sum
            }
            return .integer(total)
        case (.filter, .list(let elements)?), (.map, .list(let elements)?):
            guard case .text(let name)? = checked.dropFirst().first else { throw undeclaredArgument(of: builtin, at: range) }
            let function = try namedFunction(name, at: arguments[1].range)
            var results: [Value] = []
            for element in elements {
                let result = try await invoke(function, called: name, with: [element], at: range)
                if builtin == .map {
                    results.append(result)
                    continue
                }
                guard case .boolean(let keep) = result else {
                    throw fail(
                        .typeMismatch, "the function of `filter` returns `true` or `false`; `\(name)` returned \(result.kindName)", at: arguments[1].range)
                }
                if keep { results.append(element) }
            }
            return try bounded(.list(ValueList(results)), at: range)
        case (.table, .list(let elements)?):
            let names = checked.dropFirst().compactMap { argument -> String? in
                if case .text(let name) = argument { return name }
                return nil
            }
            guard !names.isEmpty else { return .list(elements) }
            var rows: [Value] = []
            for element in elements {
                var fields: [(String, Value)] = []
                for name in names {
                    guard let value = element.attribute(name) else {
                        throw fail(
                            .unknownAttribute, "\(element.kindName) (\(element.description)) has no attribute `\(name)`",
                            at: arguments[1 + fields.count].range,
                            suggestion: Suggestion.didYouMean(name, among: element.attributeNames, at: arguments[1 + fields.count].range))
                    }
                    fields.append((name, value))
                }
                rows.append(.map(ValueMap(fields)))
            }
            return try bounded(.list(ValueList(rows)), at: range)
        case (.keys, .map(let map)?):
            return .list(ValueList(map.keys.map(Value.string)))
        case (.values, .map(let map)?):
            return .list(map.values)
        case (.env, .text(let name)?):
            return ProcessInfo.processInfo.environment[name].map(Value.string) ?? .nilValue
        case (.split, .text(let text)?):
            if case .text(let separator)? = checked.dropFirst().first {
                guard !separator.isEmpty else { throw fail(.invalidArguments, "`split` needs a separator that is not empty", at: arguments[1].range) }
                return .list(ValueList(text.components(separatedBy: separator).map(Value.string)))
            }
            return .list(ValueList(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) }))
        case (.join, .list(let elements)?):
            var separator = " "
            if case .text(let given)? = checked.dropFirst().first { separator = given }
            return try bounded(.string(elements.map(\.text).joined(separator: separator)), at: range)
        case (.format, .text(let template)?):
            let values = checked.dropFirst().compactMap { argument -> Value? in
                if case .value(let value) = argument { return value }
                return nil
            }
            // `{{}}` writes a literal `{}`; each other `{}` takes the next value.
            let segments = template.components(separatedBy: "{{}}").map { $0.components(separatedBy: "{}") }
            let wanted = segments.reduce(0) { $0 + $1.count - 1 }
            guard wanted == values.count else {
                throw fail(
                    .invalidArguments,
                    "the template has \(wanted) `{}`, and \(values.count) value\(values.count == 1 ? " is" : "s are") given for them",
                    at: range)
            }
            var remaining = values[...]
            let text = segments.map { pieces in
                pieces.dropFirst().reduce(pieces[0]) { text, piece in text + (remaining.popFirst()?.text ?? "") + piece }
            }.joined(separator: "{}")
            return try bounded(.string(text), at: range)
        default:
            throw undeclaredArgument(of: builtin, at: range)
        }
    }

    /// The first or last `count` of a list's elements, a slot set's slots or a string's characters,
    /// of the same kind; with no count, the one element (`nil` when there is none).
    static func ends(of sequence: Value, count: Int?, fromStart: Bool) -> Value {
        func pick<C: Collection>(_ elements: C) -> C.SubSequence {
            let n = Swift.min(count ?? 1, elements.count)
            return fromStart ? elements.prefix(n) : elements.suffix(n)
        }
        switch sequence {
        case .list(let elements):
            let picked = pick(elements.elements)
            return count == nil ? picked.first ?? .nilValue : .list(ValueList(Array(picked)))
        case .slots(let slots):
            let ordered = Array(slots)
            let picked = pick(ordered)
            return count == nil ? picked.first.map { .integer($0.intValue) } ?? .nilValue : .slots(SlotSet(picked))
        case .string(let text):
            let picked = pick(text)
            return count == nil ? picked.first.map { .string(String($0)) } ?? .nilValue : .string(String(picked))
        default:
            return .nilValue
        }
    }

    /// A function defined with `def`, for `filter`, `map` and `sort`.
    func namedFunction(_ name: String, at range: SourceRange) throws(RuntimeError) -> DefinedFunction {
        guard let function = function(named: name) else {
            let hint = Builtin(named: name) != nil ? " (`\(name)` is a builtin: wrap it, `def f(x) { return \(name)($x) }`)" : ""
            throw fail(
                .unknownCommand, "there is no function `\(name)` defined with `def`\(hint)", at: range,
                suggestion: Suggestion.didYouMean(name, among: session.withLock { Array($0.functions.keys) }, at: range))
        }
        guard function.definition.parameters.count == 1 else {
            throw fail(.invalidArguments, "`\(name)` takes \(function.definition.parameters.count) arguments; here it is given each element alone", at: range)
        }
        return function
    }

    /// The elements in order of their keys: themselves, the attribute `by`, or what the function `by`
    /// returns for each. Keys must be all integers, all strings or all addresses.
    func sorted(_ elements: ValueList, by: String?, at range: SourceRange) async throws(RuntimeError) -> [Value] {
        var keys: [Value] = []
        // A function of that name gives the keys (and must take one argument); otherwise an attribute does.
        let function = try by.flatMap(function(named:)).map { found throws(RuntimeError) in try namedFunction(found.definition.name.name, at: range) }
        for element in elements {
            if let function, let by {
                keys.append(try await invoke(function, called: by, with: [element], at: range))
            } else if let by {
                guard let key = element.attribute(by) else {
                    throw fail(
                        .unknownAttribute, "\(element.kindName) (\(element.description)) has no attribute `\(by)`, and no function `\(by)` is defined",
                        at: range)
                }
                keys.append(key)
            } else {
                keys.append(element)
            }
        }
        // Every key compares with the first (the first with itself: a lone node is no more sortable).
        for key in keys {
            if case .failure(.typeMismatch(let message)) = Value.compare(.less, keys[0], key) {
                throw fail(.typeMismatch, "sorting \(message)", at: range)
            }
        }
        let order = keys.indices.sorted { a, b in
            (try? Value.compare(.less, keys[a], keys[b]).get()) ?? false
        }
        return order.map { elements[$0] }
    }
}
