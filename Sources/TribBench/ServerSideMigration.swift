import RESP
import RedisTrib

/// The baseline for atomic slot migration: Valkey 9's `CLUSTER MIGRATESLOTS` sent to the source
/// and followed through `CLUSTER GETSLOTMIGRATIONS` until its job ends — the least any tool has to do.
///
/// It runs as `redis-trib-bench drive-migrateslots SRC TARGET-ID RANGES`, a child process like every
/// other tool, so its start-up and peak memory are measured the same way.
enum ServerSideMigration {
    static let subcommand = "drive-migrateslots"

    /// Runs the subcommand; returns the exit status.
    static func main(_ arguments: [String]) async -> Int32 {
        guard arguments.count == 3, let source = try? NodeAddress(parsing: arguments[0]),
            let slots = try? SlotSet(parsing: arguments[2])
        else {
            print("usage: redis-trib-bench \(subcommand) HOST:PORT TARGET-NODE-ID FIRST-LAST[,FIRST-LAST…]")
            return 2
        }
        do {
            try await migrate(from: source, to: arguments[1], slots: slots)
            return 0
        } catch {
            print("\(error)")
            return 1
        }
    }

    private static func migrate(from source: NodeAddress, to targetID: String, slots: SlotSet) async throws {
        let connection = try await RedisConnection.connect(to: source, options: ConnectionOptions(commandTimeout: 30))
        do {
            try await migrate(over: connection, to: targetID, slots: slots)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private static func migrate(over connection: RedisConnection, to targetID: String, slots: SlotSet) async throws {
        // The job is the one whose name was not there before the command.
        let earlier = Set(try await jobs(connection).map(\.name))
        var command = ["CLUSTER", "MIGRATESLOTS", "SLOTSRANGE"]
        for range in slots.ranges {
            command += [String(range.lowerBound), String(range.upperBound)]
        }
        command += ["NODE", targetID]
        try await connection.send(RedisCommand(command))
        while true {
            if let job = try await jobs(connection).first(where: { $0.operation == "EXPORT" && !earlier.contains($0.name) }), job.isFinished {
                guard job.state == "success" else {
                    throw BenchError("migration \(job.name) ended \(job.state): \(job.message)")
                }
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Whether any of `nodes` lists a slot migration job: then a tool used atomic migration.
    static func hasJobs(on nodes: [NodeAddress]) async throws -> Bool {
        for node in nodes {
            let connection = try await RedisConnection.connect(to: node)
            let listed = try? await jobs(connection)
            await connection.close()
            if listed?.isEmpty == false { return true }
        }
        return false
    }

    /// The jobs `CLUSTER GETSLOTMIGRATIONS` lists.
    private static func jobs(_ connection: RedisConnection) async throws -> [SlotMigrationJob] {
        SlotMigrationJob.list(try await connection.send("CLUSTER", "GETSLOTMIGRATIONS"))
    }
}
