extension Int {
    /// The value, raised to the range's lower bound or lowered to its upper bound.
    func clamped(to range: ClosedRange<Int>) -> Int {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
