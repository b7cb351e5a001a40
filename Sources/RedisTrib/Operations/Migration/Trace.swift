import Foundation
enum Trace {
    static let t0 = ContinuousClock.now
    static let on = ProcessInfo.processInfo.environment["REDIS_TRIB_TRACE"] != nil
    static func log(_ text: @autoclosure () -> String) {
        guard on else { return }
        let e = ContinuousClock.now - t0
        FileHandle.standardError.write(Data("\(Double(e.components.attoseconds) / 1e15 + Double(e.components.seconds) * 1000) \(text())\n".utf8))
    }
}
