import ArgumentParser
import RedisTrib

/// `redis-trib`: the command line.
@main
struct RedisTribCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis-trib",
        abstract: "Build, grow, shrink, repair and inspect Redis and Valkey clusters.",
        version: RedisTrib.version
    )
}
