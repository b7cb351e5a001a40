import RESP

extension RESPValue {
    /// The text fields of a record reply: a map (RESP3), or a flat list of names and values (RESP2),
    /// as `CLUSTER GETSLOTMIGRATIONS` and `FUNCTION LIST` give each entry; a field whose value is
    /// not text (a nested list) reads as empty.
    var fields: [String: String] {
        var fields: [String: String] = [:]
        switch self {
        case .map(let entries):
            for entry in entries {
                if let key = entry.key.string { fields[key] = entry.value.string ?? "" }
            }
        default:
            let values = elements ?? []
            for index in stride(from: 0, to: values.count - 1, by: 2) {
                if let key = values[index].string { fields[key] = values[index + 1].string ?? "" }
            }
        }
        return fields
    }
}
