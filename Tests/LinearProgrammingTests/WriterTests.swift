import Testing

@testable import LinearProgramming

@Suite("Model files")
struct WriterTests {
  /// max 3x + 2y + 1  s.t.  cap: x + y <= 4,  mix: 1 <= x - y <= 2,  y integer in [0, 3], x free.
  static func example() -> LinearProgram {
    var model = Model(sense: .maximize)
    let x = model.addVariable("x", domain: .free, cost: 3)
    let y = model.addVariable("y", domain: .integer(upTo: 3), cost: 2)
    model.objectiveOffset = 1
    model.addConstraint(x + y <= 4, name: "cap")
    model.addConstraint(x - y, in: 1...2, name: "mix")
    return model.program()
  }

  @Test("Free MPS: objective sense, offset as negated RHS, range, integer markers, bounds")
  func mps() {
    let text = MPSWriter().text(for: Self.example())
    #expect(
      text == """
        NAME ferrite
        OBJSENSE
            MAX
        ROWS
         N  obj
         L  cap
         L  mix
        COLUMNS
            x  obj  3
            x  cap  1
            x  mix  1
            MARKER  'MARKER'  'INTORG'
            y  obj  2
            y  cap  1
            y  mix  -1
            MARKER  'MARKER'  'INTEND'
        RHS
            RHS  obj  -1
            RHS  cap  4
            RHS  mix  2
        RANGES
            RNG  mix  1
        BOUNDS
         FR BND  x
         UP BND  y  3

        """ + "ENDATA\n")
  }

  @Test("CPLEX LP: ranges split in two rows, bounds and general integers")
  func lp() {
    let text = LPWriter().text(for: Self.example())
    #expect(
      text == """
        \\ Written by Ferrite
        Maximize
         obj: + 3 x + 2 y + 1
        Subject To
         cap: + x + y <= 4
         mix_lo: + x - y >= 1
         mix_hi: + x - y <= 2
        Bounds
         x free
         0 <= y <= 3
        General
         y
        End

        """)
  }

  @Test("LP names lose forbidden characters, never read as numbers, and stay unique")
  func sanitizedNames() {
    #expect(LPWriter.sanitize("flow[pohang houston,2029]") == "flow(pohang_houston,2029)")
    #expect(LPWriter.sanitize("2029") == "_2029")
    #expect(LPWriter.sanitize("e12") == "_e12")
    #expect(LPWriter.sanitize("emissions") == "emissions")
    var model = Model()
    model.addVariable("a b")
    model.addVariable("a_b")
    let names = ExportNames(model.program(), sanitize: LPWriter.sanitize)
    #expect(names.columns == ["a_b", "a_b~c1"])
  }

  @Test("A file's extension picks its format; an unknown one is a clear error")
  func formats() {
    #expect(ModelFileFormat(path: "/tmp/plan.MPS") == .mps)
    #expect(ModelFileFormat(path: "plan.lp") == .lp)
    #expect(throws: ModelFileError.self) { try Self.example().write(toFile: "/tmp/plan.txt") }
  }
}
