#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import LinearProgramming

/// Turns HiGHS's interrupt callbacks into `SolveProgress` reports, at most about twice a second,
/// and asks HiGHS to stop when the handler says so.
///
/// Items are read by name (`Highs_getCallbackDataOutItem`), so nothing depends on the layout of
/// HiGHS's `HighsCallbackDataOut`; the interrupt flag is the first `int` of `HighsCallbackDataIn`,
/// a position HiGHS keeps stable for the packages that rely on it.
final class ProgressCallback {
  /// Simplex and MIP interrupt callbacks: called often during long solves, and able to stop them.
  static let types: [Int32] = [kSimplexInterrupt, kMIPInterrupt]
  static let kSimplexInterrupt: Int32 = 1
  static let kMIPInterrupt: Int32 = 6

  let api: HighsAPI
  let handler: @Sendable (SolveProgress) -> Bool
  private var lastReport = -1.0
  private var stopped = false

  init(api: HighsAPI, handler: @escaping @Sendable (SolveProgress) -> Bool) {
    self.api = api
    self.handler = handler
  }

  /// The C entry point HiGHS calls; `context` is the unretained `ProgressCallback`.
  static let entry: HighsAPI.Callback = { type, _, dataOut, dataIn, context in
    guard let context else { return }
    let callback = Unmanaged<ProgressCallback>.fromOpaque(context).takeUnretainedValue()
    if callback.shouldStop(type: type, dataOut: dataOut), let dataIn {
      dataIn.storeBytes(of: Int32(1), as: Int32.self)
    }
  }

  private func double(_ name: String, in dataOut: UnsafeRawPointer) -> Double? {
    guard let item = name.withCString({ api.callbackDataOutItem(dataOut, $0) }) else { return nil }
    let value = item.loadUnaligned(as: Double.self)
    return value.isFinite && abs(value) < 1e300 ? value : nil
  }

  private func int64(_ name: String, in dataOut: UnsafeRawPointer) -> Int? {
    guard let item = name.withCString({ api.callbackDataOutItem(dataOut, $0) }) else { return nil }
    return Int(item.loadUnaligned(as: Int64.self))
  }

  /// Reports progress when half a second has passed since the last report; true to stop.
  private func shouldStop(type: Int32, dataOut: UnsafeRawPointer?) -> Bool {
    if stopped { return true }
    guard let dataOut, let seconds = double("running_time", in: dataOut), seconds - lastReport >= 0.5 else {
      return false
    }
    lastReport = seconds
    var report = SolveProgress(seconds: seconds)
    if type == Self.kMIPInterrupt {
      report.bestObjective = double("mip_primal_bound", in: dataOut)
      report.bound = double("mip_dual_bound", in: dataOut)
      report.gap = report.bestObjective == nil ? nil : double("mip_gap", in: dataOut)
      report.nodes = int64("mip_node_count", in: dataOut)
    }
    stopped = !handler(report)
    return stopped
  }
}
