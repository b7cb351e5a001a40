import RESP
import RedisTrib
import TribLanguage

/// Why an operator cannot apply to its operands; the evaluator turns it into a diagnostic.
enum OperatorError: Error, Equatable {
    /// The operands' kinds do not go with the operator.
    case typeMismatch(String)
    /// The result is beyond 64 bits.
    case overflow
    /// `/ 0` or `% 0`.
    case divisionByZero
    /// A number used as a slot is outside 0…16383.
    case invalidSlot(String)
}

extension Value {
    /// `==`: the same kind and value, with a few useful crossings: a string equals an address, an
    /// integer or a range written the same way; a node equals its address; a range equals the slot
    /// set of the same slots. Values of unrelated kinds are simply unequal.
    func matches(_ other: Value) -> Bool {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.nilValue, .nilValue): return true
        case (.address(let a), .address(let b)): return a == b
        case (.range(let a), .range(let b)): return a == b
        case (.slots(let a), .slots(let b)): return a == b
        case (.range(let range), .slots(let slots)), (.slots(let slots), .range(let range)): return range.slots == slots
        case (.node(let a), .node(let b)): return a.node.id == b.node.id
        case (.node(let node), .address(let address)), (.address(let address), .node(let node)):
            return node.node.address == address
        case (.node(let node), .string(let text)), (.string(let text), .node(let node)):
            // A node matches its address written as a string, as it matches the address.
            return node.node.address?.description == text
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        case (.reply(let a), .reply(let b)): return a == b
        case (.map(let a), .map(let b)):
            return a.keys == b.keys && zip(a.values, b.values).allSatisfy { $0.matches($1) }
        case (.string(let text), .address), (.string(let text), .integer), (.string(let text), .range),
            (.address, .string(let text)), (.integer, .string(let text)), (.range, .string(let text)):
            return text == (self.isString ? other.text : self.text)
        default: return false
        }
    }

    private var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// `<`, `<=`, `>`, `>=` between two integers, two strings or two addresses.
    static func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Result<Bool, OperatorError> {
        func ordered<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch op {
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            default: a >= b
            }
        }
        switch (left, right) {
        case (.integer(let a), .integer(let b)): return .success(ordered(a, b))
        case (.string(let a), .string(let b)): return .success(ordered(a, b))
        case (.address(let a), .address(let b)): return .success(ordered(a, b))
        default:
            return .failure(
                .typeMismatch("`\(op.rawValue)` compares two integers, strings or addresses, not \(left.kindName) and \(right.kindName)"))
        }
    }

    /// `element in self`: an element of a list, a slot (or slots) in a slot set or range, a
    /// substring of a string.
    func contains(_ element: Value) -> Result<Bool, OperatorError> {
        switch (self, element) {
        case (.list(let elements), _):
            return .success(elements.contains { $0.matches(element) })
        case (.map(let map), .string(let key)):
            return .success(map[key] != nil)
        case (.slots(let slots), .integer(let number)):
            return .success(HashSlot(exactly: number).map(slots.contains) ?? false)
        case (.slots(let slots), .range(let range)):
            return .success(range.slots.map { $0.isSubset(of: slots) } ?? false)
        case (.slots(let slots), .slots(let other)):
            return .success(other.isSubset(of: slots))
        case (.range(let range), .integer(let number)):
            return .success(range.contains(number))
        case (.string(let text), .string(let part)):
            return .success(part.isEmpty || text.contains(part))
        case (.string(let text), .integer), (.string(let text), .address):
            return .success(text.contains(element.text))
        default:
            return .failure(.typeMismatch("`in` cannot look for \(element.kindName) in \(kindName)"))
        }
    }

    /// A number used as a slot that is outside 0…16383, or a range reaching outside.
    struct InvalidSlot: Error {
        let message: String
    }

    /// The slots an integer, range or slot set names, for `+` and `-` on slot sets and `slots(…)`;
    /// `nil` for other kinds.
    ///
    /// - Throws: ``InvalidSlot`` for an integer or range outside 0…16383.
    func slotSet() throws(InvalidSlot) -> SlotSet? {
        switch self {
        case .slots(let slots):
            return slots
        case .range(let range):
            guard let slots = range.slots else { throw InvalidSlot(message: "the range \(range) is not within the slots 0…16383") }
            return slots
        case .integer(let number):
            guard let slot = HashSlot(exactly: number) else { throw InvalidSlot(message: "\(number) is not a slot: slots are 0…16383") }
            return [slot]
        default:
            return nil
        }
    }

    /// `+ - * / %`: integer arithmetic (overflow and division by zero are errors); `+` also joins
    /// two strings (or a string and another value's text) and two lists, and `+`/`-` unite and
    /// subtract slot sets (with integers and ranges as slots).
    static func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Result<Value, OperatorError> {
        switch (op, left, right) {
        case (_, .integer(let a), .integer(let b)):
            return integerArithmetic(op, a, b)
        case (.add, .string(let a), _) where !right.isNil:
            return .success(.string(a + right.text))
        case (.add, _, .string(let b)) where !left.isNil:
            return .success(.string(left.text + b))
        case (.add, .list(let a), .list(let b)):
            return .success(.list(a + b))
        case (.add, .slots, _), (.subtract, .slots, _), (.add, _, .slots):
            do {
                guard let a = try left.slotSet(), let b = try right.slotSet() else { break }
                return .success(.slots(op == .add ? a.union(b) : a.subtracting(b)))
            } catch {
                return .failure(.invalidSlot(error.message))
            }
        default:
            break
        }
        return .failure(.typeMismatch("`\(op.rawValue)` cannot combine \(left.kindName) and \(right.kindName)"))
    }

    private var isNil: Bool {
        if case .nilValue = self { return true }
        return false
    }

    private static func integerArithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int) -> Result<Value, OperatorError> {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide, .remainder:
            guard b != 0 else { return .failure(.divisionByZero) }
            result = op == .divide ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
        default:
            return .failure(.typeMismatch("`\(op.rawValue)` is not arithmetic"))
        }
        return result.overflow ? .failure(.overflow) : .success(.integer(result.partialValue))
    }
}
