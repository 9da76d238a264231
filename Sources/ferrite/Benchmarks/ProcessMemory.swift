import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Resident memory of this process, for benchmarks.
enum ProcessMemory {
  /// The largest resident set this process has had, in bytes.
  static var peakResidentBytes: Int {
    var usage = rusage()
    #if os(Linux)
      getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    #if os(Linux)
      return Int(usage.ru_maxrss) * 1024
    #else
      return Int(usage.ru_maxrss)
    #endif
  }

  /// The resident set right now, in bytes (Linux reads /proc; elsewhere the peak stands in).
  static var currentResidentBytes: Int {
    #if os(Linux)
      if let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
        let fields = text.split(separator: " ")
        if fields.count > 1, let pages = Int(fields[1]) { return pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
      }
    #endif
    return peakResidentBytes
  }
}

/// CPU seconds the calling thread spent in `body`.
///
/// Thread CPU time, not wall time: on a shared machine another process's load would otherwise
/// show up as Ferrite's cost. Everything measured with it runs on the calling thread.
func measure<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double) {
  let start = threadCPUSeconds()
  let value = try body()
  return (value, threadCPUSeconds() - start)
}

private func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
