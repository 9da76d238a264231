import Dispatch

/// CPU-heavy request work (decoding whole plans, comparing them, building result tables) run on a
/// queue of its own, one piece at a time, off Swift's cooperative pool.
///
/// The pool has one thread per core (two here): fifty viewers comparing plans on it left
/// `/api/health` waiting 5 s. On this queue they wait for each other, and every other request
/// still finds a free pool thread.
enum HeavyWork {
  private static let queue = DispatchQueue(label: "ferrite.heavy-requests", qos: .userInitiated)

  /// The result of `work`, run on the heavy-work queue.
  static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      queue.async { continuation.resume(with: Result { try work() }) }
    }
  }
}
