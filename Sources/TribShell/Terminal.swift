import CEditLine

/// Facts about the terminal the process writes to.
public enum Terminal {
    /// The width in columns of the terminal on `descriptor` (such as `STDERR_FILENO`); 80 when it
    /// is not a terminal or reports no width.
    public static func columns(of descriptor: Int32) -> Int {
        let columns = Int(trib_terminal_columns(descriptor))
        return columns > 0 ? columns : 80
    }
}
