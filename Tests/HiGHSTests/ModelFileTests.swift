import Foundation
import HiGHS
import LinearProgramming
import Testing

@Suite("Model files written by Ferrite, solved by the highs command")
struct ModelFileTests {
  /// max 3x + 2y + 1  s.t.  x + y <= 4,  1 <= x - y <= 2,  y integer in [0, 3], x free.
  ///
  /// x is capped by both rows: x <= min(y + 2, 4 - y). y = 0 gives x = 2 (6); y = 1 gives x = 3
  /// (9 + 2 = 11); y = 2 gives x = 2 (6 + 4 = 10). So y = 1, x = 3 and the objective is 11 + 1 = 12.
  static func mixedInteger() -> LinearProgram {
    var model = Model(sense: .maximize)
    let x = model.addVariable("x", domain: .free, cost: 3)
    let y = model.addVariable("y", domain: .integer(upTo: 3), cost: 2)
    model.objectiveOffset = 1
    model.addConstraint(x + y <= 4, name: "cap")
    model.addConstraint(x - y, in: 1...2, name: "mix")
    return model.program()
  }

  /// A transport LP whose names hold characters both formats forbid, with a negative lower bound,
  /// a fixed column and an equality row.
  ///
  /// min 4 a + 6 b + 5 c - 2 + 2 d  s.t.  a + b = 30,  c + b >= 20,  a + c <= 35,
  /// -5 <= d <= 10 with d in "a - d <= 25", e fixed at 3 with cost 1.
  /// b costs 6 but serves both rows; a + b = 30 and c + b >= 20. With b = t: a = 30 - t,
  /// c = 20 - t, a + c = 50 - 2t <= 35 so t >= 7.5; cost 4(30 - t) + 6t + 5(20 - t) = 220 - 3t
  /// falls with t, so t as large as possible: t = 20 (c = 0, a = 10): 40 + 120 = 160. Then
  /// d = -5 minimizes 2d (a - d = 15 <= 25): -10. e = 3 adds 3. Offset -2. Total 160 - 10 + 3 - 2 = 151.
  static func linear() -> LinearProgram {
    var model = Model()
    let flow = model.addVariables("flow", count: 3, label: { ["[mill a,2029]", "[mill b,2029]", "[e1 2]"][$0] })
    let (a, b, c) = (flow.variable(at: 0), flow.variable(at: 1), flow.variable(at: 2))
    let d = model.addVariable("2d", domain: VariableDomain(lower: -5, upper: 10), cost: 2)
    let e = model.addVariable("e", domain: VariableDomain(lower: 3, upper: 3), cost: 1)
    model.setObjective(4, for: a)
    model.setObjective(6, for: b)
    model.setObjective(5, for: c)
    model.objectiveOffset = -2
    model.addConstraint(a + b == 30, name: "demand [p1]")
    model.addConstraint(c + b >= 20, name: "demand [p2]")
    model.addConstraint(a + c <= 35, name: "e12")
    model.addConstraint(a - d <= 25)
    model.addConstraint(LinearExpression(e) >= 0)
    return model.program()
  }

  static func solvedByCommand(_ program: LinearProgram, as format: ModelFileFormat) throws -> HiGHSCommandOutput {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ferrite-\(UUID().uuidString).\(format.rawValue)").path
    try program.write(toFile: path)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try HiGHSInstallation.current().runCommand([path])
  }

  @Test("A MIP with a free column, a range, an offset and maximization", arguments: ModelFileFormat.allCases)
  func mixedIntegerFile(format: ModelFileFormat) throws {
    let program = Self.mixedInteger()
    let direct = try HiGHSSolver().solve(program, options: SolveOptions())
    #expect(close(direct.objective, 12))
    let output = try Self.solvedByCommand(program, as: format)
    #expect(output.modelStatus == "Optimal", "\(output.text)")
    #expect(close(output.objective, 12), "\(output.text)")
  }

  @Test("An LP with awkward names, fixed and negative bounds and an equality", arguments: ModelFileFormat.allCases)
  func linearFile(format: ModelFileFormat) throws {
    let program = Self.linear()
    let direct = try HiGHSSolver().solve(program, options: SolveOptions())
    #expect(close(direct.objective, 151))
    let output = try Self.solvedByCommand(program, as: format)
    #expect(output.modelStatus == "Optimal", "\(output.text)")
    #expect(close(output.objective, 151), "\(output.text)")
  }

  @Test("A generated LP of a few thousand rows gives the same optimum in both formats")
  func largerFile() throws {
    // Same shape as `ferrite bench`: a covering LP with a feasible, bounded optimum.
    var model = Model()
    var state: UInt64 = 42
    func next() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) * 0x1.0p-53
    }
    let x = model.addVariables("x", count: 2_000, domain: .continuous(upTo: 10))
    for offset in 0..<2_000 { model.setObjective(1 + next(), for: x.variable(at: offset)) }
    for _ in 0..<1_000 {
      model.addConstraint(lower: 1, upper: 50) { row in
        for _ in 0..<8 { row.add(0.5 + next(), x.variable(at: Int(next() * 2_000))) }
      }
    }
    let program = model.program()
    let direct = try HiGHSSolver().solve(program, options: SolveOptions())
    let objective = try #require(direct.objective)
    for format in ModelFileFormat.allCases {
      let output = try Self.solvedByCommand(program, as: format)
      #expect(close(output.objective, objective, tolerance: 1e-7), "\(format): \(output.text.suffix(400))")
    }
  }
}
