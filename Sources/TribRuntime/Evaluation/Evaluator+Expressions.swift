import RESP
import RedisTrib
import TribLanguage

extension Evaluator {
    func evaluate(_ expression: Expression) async throws(RuntimeError) -> Value {
        switch expression.kind {
        case .integer(let value):
            return .integer(value)
        case .boolean(let value):
            return .boolean(value)
        case .nilLiteral:
            return .nilValue
        case .string(let parts):
            return .string(try await interpolate(parts))
        case .word(let text), .flag(let text):
            return .string(text)
        case .interpolatedWord(let parts):
            return Value.classifying(try await interpolate(parts))
        case .address(let host, let port):
            return .address(NodeAddress(host: host, port: port))
        case .range(let lower, let upper):
            let low = try await integer(lower, as: "the lower bound of a range")
            let high = try await integer(upper, as: "the upper bound of a range")
            guard let range = IntegerRange(lower: low, upper: high) else {
                throw fail(
                    .invalidRange,
                    "the range \(low)-\(high) is empty: its lower bound is above its upper bound",
                    at: expression.range
                )
            }
            return .range(range)
        case .list(let elements):
            var values: [Value] = []
            for element in elements {
                values.append(try await evaluate(element))
            }
            return try bounded(.list(ValueList(values)), at: expression.range)
        case .map(let entries):
            var pairs: [(String, Value)] = []
            for entry in entries {
                let key = try await evaluate(entry.key)
                guard case .string(let text) = key else {
                    throw fail(.typeMismatch, "a map's key is a string; `\(written(entry.key))` is \(key.kindName)", at: entry.key.range)
                }
                pairs.append((text, try await evaluate(entry.value)))
            }
            return try bounded(.map(ValueMap(pairs)), at: expression.range)
        case .variable(let name):
            guard let value = lookup(name) else {
                throw unknownVariable(name, at: expression.range)
            }
            return value
        case .attribute(let base, let name):
            return try await attribute(name, of: base)
        case .index(let base, let index):
            return try await element(of: base, at: index)
        case .slice(let base, let lower, let upper):
            return try await slice(of: base, from: lower, to: upper)
        case .call(let name, let arguments):
            return try bounded(try await call(name, arguments, at: expression.range), at: expression.range)
        case .unary(let op, let operand):
            switch op {
            case .not:
                return .boolean(!(try await truth(of: operand, as: "what `!` negates")))
            }
        case .binary(let op, let left, let right):
            return try await binary(op, left, right, at: expression.range)
        }
    }

    /// The text of a string or interpolated word: literal parts as written, expressions as their text.
    func interpolate(_ parts: [TextPart]) async throws(RuntimeError) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal, _): text += literal
            case .expression(let expression): text += try await evaluate(expression).text
            }
            if text.utf8.count > Value.maximumTextBytes {
                _ = try bounded(.string(text), at: part.range)
            }
        }
        return text
    }

    /// `value`, unless it passes the limits on a value's size (``Value/sizeViolation()``).
    func bounded(_ value: Value, at range: SourceRange) throws(RuntimeError) -> Value {
        if let violation = value.sizeViolation() {
            throw fail(.valueTooLarge, "\(violation); the value is not made", at: range)
        }
        return value
    }

    /// Evaluates an expression that must be an integer.
    func integer(_ expression: Expression, as role: String) async throws(RuntimeError) -> Int {
        let value = try await evaluate(expression)
        guard case .integer(let number) = value else {
            throw fail(.typeMismatch, "\(role) is an integer; `\(written(expression))` is \(value.kindName)", at: expression.range)
        }
        return number
    }

    func unknownVariable(_ name: String, at range: SourceRange) -> RuntimeError {
        if let position = Int(name), position > 0 {
            // `$3` of a script given fewer arguments.
            let given: Int
            if case .list(let arguments)? = lookup("args") { given = arguments.count } else { given = 0 }
            return fail(
                .unknownVariable,
                "`$\(name)` is argument \(position) of the script, which was given \(given) (`$args` lists them)", at: range)
        }
        var suggestion: Suggestion?
        if let closest = Suggestion.closest(to: name, among: visibleNames), closest != name {
            suggestion = Suggestion("did you mean `$\(closest)`?", replacing: range, with: "$" + closest)
        }
        return fail(.unknownVariable, "`$\(name)` is not declared", at: range, suggestion: suggestion)
    }

    private func attribute(_ name: Identifier, of base: Expression) async throws(RuntimeError) -> Value {
        let value = try await evaluate(base)
        if let result = value.attribute(name.name) {
            return result
        }
        let names = value.attributeNames
        guard !names.isEmpty else {
            throw fail(
                .typeMismatch,
                "`\(written(base))` is \(value.kindName), which has no attribute `\(name.name)`",
                at: base.range
            )
        }
        throw fail(
            .unknownAttribute,
            "\(value.kindName) has no attribute `\(name.name)`; it has "
                + names.map { "`\($0)`" }.joined(separator: ", "),
            at: name.range,
            suggestion: Suggestion.didYouMean(name.name, among: names, at: name.range)
        )
    }

    /// `base[lower:upper]` of a list, a slot set (its slots in order) or a string: the elements from
    /// `lower` up to, not including, `upper`; a negative bound counts from the end, one left out is
    /// the start or the end, and bounds beyond the ends stop at them. A range of slots is sliced as
    /// the slot set it writes.
    private func slice(of base: Expression, from lower: Expression?, to upper: Expression?) async throws(RuntimeError) -> Value {
        var container = try await evaluate(base)
        if case .range(let range) = container, let slots = range.slots {
            container = .slots(slots)
        }
        let count: Int
        switch container {
        case .list(let elements): count = elements.count
        case .slots(let slots): count = slots.count
        case .string(let text): count = text.count
        default:
            throw fail(
                .typeMismatch, "only a list, a slot set (or a range of slots) or a string can be sliced; `\(written(base))` is \(container.kindName)",
                at: base.range)
        }
        func position(_ bound: Expression?, otherwise: Int) async throws(RuntimeError) -> Int {
            guard let bound else { return otherwise }
            let given = try await integer(bound, as: "a slice's bound")
            let resolved = given < 0 ? count + max(given, -count) : given
            return min(resolved, count)
        }
        let start = try await position(lower, otherwise: 0)
        let end = max(start, try await position(upper, otherwise: count))
        switch container {
        case .list(let elements): return .list(ValueList(Array(elements.elements[start..<end])))
        case .slots(let slots): return .slots(SlotSet(Array(slots)[start..<end]))
        case .string(let text): return .string(String(text.dropFirst(start).prefix(end - start)))
        default: return .nilValue
        }
    }

    private func element(of base: Expression, at index: Expression) async throws(RuntimeError) -> Value {
        let container = try await evaluate(base)
        if case .map(let map) = container {
            let key = try await evaluate(index)
            guard case .string(let name) = key else {
                throw fail(.typeMismatch, "a map is indexed by a string key; `\(written(index))` is \(key.kindName)", at: index.range)
            }
            guard let value = map[name] else {
                throw fail(
                    .unknownAttribute, "the map has no key \(key.description); it has " + map.keys.map { Value.string($0).description }.joined(separator: ", "),
                    at: index.range, suggestion: Suggestion.didYouMean(name, among: map.keys, at: index.range))
            }
            return value
        }
        guard case .list(let elements) = container else {
            throw fail(.typeMismatch, "only a list or a map can be indexed; `\(written(base))` is \(container.kindName)", at: base.range)
        }
        let position = try await integer(index, as: "an index")
        // Negative indexes count from the end: -1 is the last element.
        let resolved = position < 0 ? elements.count + position : position
        guard resolved >= 0, resolved < elements.count else {
            throw fail(
                .indexOutOfRange,
                "index \(position) is out of range: the list has \(elements.count) element(s)",
                at: index.range
            )
        }
        return elements[resolved]
    }

    private func binary(
        _ op: BinaryOperator,
        _ left: Expression,
        _ right: Expression,
        at range: SourceRange
    ) async throws(RuntimeError) -> Value {
        switch op {
        case .and, .or:
            let role = "an operand of `\(op.rawValue)`"
            let first = try await truth(of: left, as: role)
            if first == (op == .or) {
                return .boolean(first)
            }
            return .boolean(try await truth(of: right, as: role))
        default:
            break
        }
        let leftValue = try await evaluate(left)
        let rightValue = try await evaluate(right)
        return try combine(op, leftValue, rightValue, written: (left, right), at: range)
    }

    /// `op` (not `&&` or `||`) applied to the values of its operands, `written` as they were, for
    /// the messages.
    func combine(
        _ op: BinaryOperator,
        _ leftValue: Value,
        _ rightValue: Value,
        written operands: (left: Expression, right: Expression),
        at range: SourceRange
    ) throws(RuntimeError) -> Value {
        let (left, right) = operands
        let result: Result<Value, OperatorError>
        switch op {
        case .equal:
            result = .success(.boolean(leftValue.matches(rightValue)))
        case .notEqual:
            result = .success(.boolean(!leftValue.matches(rightValue)))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            result = Value.compare(op, leftValue, rightValue).map(Value.boolean)
        case .elementOf:
            result = rightValue.contains(leftValue).map(Value.boolean)
        default:
            result = Value.arithmetic(op, leftValue, rightValue)
        }
        switch result {
        case .success(let value):
            return try bounded(value, at: range)
        case .failure(.divisionByZero):
            throw fail(.divisionByZero, "division by zero", at: right.range)
        case .failure(.overflow):
            throw fail(.integerOverflow, "the result of `\(written(left)) \(op.rawValue) \(written(right))` does not fit in 64 bits", at: range)
        case .failure(.typeMismatch(let message)):
            throw fail(.typeMismatch, message, at: range)
        case .failure(.invalidSlot(let message)):
            throw fail(.invalidSlot, message, at: range)
        }
    }
}
