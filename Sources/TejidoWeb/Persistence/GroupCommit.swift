import FluentKit
import Foundation
import NIOConcurrencyHelpers

/// One writer for small writes on the hot path. Whatever is waiting when it starts is committed
/// together (in one transaction, or in one statement that commits on its own); each caller's `write` returns only once the transaction holding its item
/// has committed, so nothing acknowledged is left unwritten. Under load many requests share one
/// commit (and, with the embedded database's full sync, one flush to disk) instead of queueing
/// for one each.
final class GroupCommit<Item: Sendable>: Sendable {
    /// Writes a batch inside the transaction it is given.
    typealias Commit = @Sendable (_ items: [Item], _ database: any Database) async throws -> Void

    private struct Waiting {
        let item: Item
        let done: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = NIOLockedValueBox(State())
    private let database: @Sendable () throws -> any Database
    private let commit: Commit
    private let batchLimit: Int
    private let oneStatement: Bool
    private let committed: @Sendable (_ batchSize: Int) -> Void

    /// - Parameters:
    ///   - database: The database each batch is written to (asked anew for each batch).
    ///   - batchLimit: The most items in one transaction (bounded by what one statement may bind).
    ///   - oneStatement: The batch is written in one statement, which commits on its own: no
    ///     transaction is opened around it (two round trips fewer).
    ///   - committed: Told each committed batch's size (for the metrics).
    init(
        batchLimit: Int = 256, oneStatement: Bool = false, database: @escaping @Sendable () throws -> any Database,
        committed: @escaping @Sendable (Int) -> Void = { _ in }, commit: @escaping Commit
    ) {
        self.batchLimit = batchLimit
        self.oneStatement = oneStatement
        self.database = database
        self.committed = committed
        self.commit = commit
    }

    /// Returns once `item` is committed; throws what its commit threw.
    func write(_ item: Item) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let start = state.withLockedValue { state in
                state.waiting.append(Waiting(item: item, done: done))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Commits batches until nothing waits. Only one drain runs at a time.
    private func drain() async {
        while true {
            let batch = state.withLockedValue { state -> [Waiting] in
                let count = min(state.waiting.count, batchLimit)
                if count == 0 { state.writing = false }
                defer { state.waiting.removeFirst(count) }
                return Array(state.waiting.prefix(count))
            }
            if batch.isEmpty { return }
            do {
                try await transaction(batch.map(\.item))
                committed(batch.count)
                for waiting in batch { waiting.done.resume() }
            } catch let error as any DatabaseError where error.isConstraintFailure && batch.count > 1 {
                // One item the database refuses must not fail the others: each is tried alone,
                // and its caller hears only of its own commit.
                for waiting in batch {
                    do {
                        try await transaction([waiting.item])
                        committed(1)
                        waiting.done.resume()
                    } catch { waiting.done.resume(throwing: error) }
                }
            } catch {
                // The database itself failed (down, or no connection in time): trying each item
                // again would only keep everyone waiting longer. All hear it at once.
                for waiting in batch { waiting.done.resume(throwing: error) }
            }
        }
    }

    private func transaction(_ items: [Item]) async throws {
        let commit = self.commit
        if oneStatement { return try await commit(items, try database()) }
        try await try database().transaction { db in try await commit(items, db) }
    }
}
