import ArgumentParser
import LinearProgramming

/// How the solver runs: its method for LPs, its threads, and whether independent blocks are solved
/// apart. Shared by every command that solves (`solve`, and any command that adds the group).
struct SolverFlags: ParsableArguments {
  @Option(help: "The LP method: auto, simplex, ipm or pdlp (a MIP is always branch and bound; see docs/highs.md).")
  var solver: SolverMethod = .auto
  @Option(help: "Threads the solver may use; with blocks, how many blocks are solved at once.")
  var threads: Int?
  @Option(help: "Solve the model's independent blocks apart and in parallel: auto, on or off.")
  var blocks: BlockMode = .auto

  func check() throws {
    if let threads, !(1...1024).contains(threads) {
      throw ValidationError("--threads must be from 1 to 1024, not \(threads).")
    }
  }

  /// Writes the flags into `options`, leaving everything else as it is.
  func apply(to options: inout SolveOptions) {
    options.method = solver
    options.threads = threads
    options.blocks = blocks
  }
}

extension SolverMethod: ExpressibleByArgument {}
extension BlockMode: ExpressibleByArgument {}
