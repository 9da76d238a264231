import Testing

@testable import LinearProgramming

@Suite("Building the matrix")
struct ModelTests {
  @Test("Rows become compressed columns with ascending rows, repeated terms summed, zeros dropped")
  func compressedColumns() {
    // Rows:   r0: 1 x0 + 2 x2         r1: 3 x1 + 4 x2 + 0 x0        r2: 5 x0 + 1 x0 - 1 x1 + 1 x1
    // Column x0: (r0, 1), (r2, 6)   x1: (r1, 3)   [r2's -1 + 1 cancels]   x2: (r0, 2), (r1, 4)
    var model = Model()
    let x = model.addVariables("x", count: 3)
    model.addConstraint(upper: 10) { row in
      row.add(1, x.variable(at: 0))
      row.add(2, x.variable(at: 2))
    }
    model.addConstraint(lower: 1) { row in
      row.add(3, x.variable(at: 1))
      row.add(4, x.variable(at: 2))
      row.add(0, x.variable(at: 0))
    }
    model.addConstraint(lower: 0, upper: 0) { row in
      row.add(5, x.variable(at: 0))
      row.add(1, x.variable(at: 0))
      row.add(-1, x.variable(at: 1))
      row.add(1, x.variable(at: 1))
    }
    let matrix = model.program().matrix
    #expect(matrix.columnStarts == [0, 2, 3, 5])
    #expect(matrix.rowIndices == [0, 2, 1, 0, 1])
    #expect(matrix.values == [1, 6, 3, 2, 4])
    #expect(matrix.rowCount == 3)
    #expect(model.termCount == 9)
  }

  @Test("Expressions move their constant into the bounds")
  func expressionConstraints() {
    var model = Model(sense: .maximize)
    let x = model.addVariable("x")
    let y = model.addVariable("y", domain: .integer(upTo: 5))
    // x + 2y + 3 <= 10  becomes  x + 2y <= 7.
    let row = model.addConstraint(x + 2 * y + 3 <= 10, name: "cap")
    model.addConstraint(x - y, in: -1...4, name: "band")
    model.addToObjective(4 * x + y + 2)
    let program = model.program()
    #expect(program.rowUpper[row.index] == 7)
    #expect(program.rowLower[row.index] == -.infinity)
    #expect(program.rowLower[1] == -1 && program.rowUpper[1] == 4)
    #expect(program.objective == [4, 1])
    #expect(program.objectiveOffset == 2)
    #expect(program.columnKinds == [.continuous, .integer])
    #expect(model.name(of: x) == "x")
    #expect(model.name(of: row) == "cap")
    #expect(program.rowNames[1] == "band")
  }

  @Test("Unnamed rows and columns get generated names, labelled blocks their labels")
  func names() {
    var model = Model()
    let plain = model.addVariables("plain", count: 2)
    let flow = model.addVariables("flow", count: 2, label: { "[lane\($0)]" })
    model.addConstraint(LinearExpression(plain.variable(at: 0)) >= 1)
    let program = model.program()
    #expect(program.columnNames[0] == "c0")
    #expect(program.columnNames[1] == "c1")
    #expect(program.columnNames[3] == "flow[lane1]")
    #expect(model.name(of: flow.variable(at: 0)) == "flow[lane0]")
    #expect(program.rowNames[0] == "r0")
  }

  @Test("Statistics count integers and binaries and report absolute coefficient ranges")
  func statistics() {
    var model = Model()
    let open = model.addVariable("open", domain: .binary, cost: 1000)
    let modules = model.addVariable("modules", domain: .integer(upTo: 4), cost: 2)
    let flow = model.addVariable("flow", domain: .continuous(upTo: 500), cost: 0.5)
    model.addConstraint(flow - 900 * open <= 0)
    model.addConstraint(flow - 250 * modules <= 0)
    let statistics = ModelStatistics(model.program())
    #expect(statistics.rows == 2 && statistics.columns == 3 && statistics.nonzeros == 4)
    #expect(statistics.integerColumns == 2 && statistics.binaryColumns == 1)
    #expect(statistics.matrixRange == 1...900)
    #expect(statistics.objectiveRange == 0.5...1000)
    #expect(statistics.boundRange == 1...500)
    #expect(statistics.rightHandSideRange == nil)
  }
}
