/// The linear system of a mass balance: for each node `i`,
/// `Q_i v_i - sum_j w_ij v_j = b_i`, with several right-hand sides at once.
///
/// `v_i` is an average carried by the material at node `i` (a footprint per unit, a share of a
/// route); `Q_i` is what enters the node and `w_ij` what of it comes from node `j`. Loops such as
/// scrap recycling make the system cyclic: it is split into strongly connected components, solved
/// in dependency order, each acyclic node by substitution and each loop exactly by Gaussian
/// elimination, so nothing is iterated to convergence.
struct MassBalanceSystem {
  /// `Q_i`: what enters each node.
  var quantity: [Double]
  /// `w_ij` as (j, weight) for each node i.
  var dependencies: [[(node: Int, weight: Double)]]
  /// `b_i` for each node, one entry per right-hand side.
  var rhs: [[Double]]
  let columns: Int

  init(nodes: Int, columns: Int) {
    quantity = Array(repeating: 0, count: nodes)
    dependencies = Array(repeating: [], count: nodes)
    rhs = Array(repeating: Array(repeating: 0, count: columns), count: nodes)
    self.columns = columns
  }

  /// The solution by node and column, and the nodes of loops that had no unique solution (set to 0).
  func solve() -> (values: [[Double]], singular: [Int]) {
    let count = quantity.count
    var values = Array(repeating: Array(repeating: 0.0, count: columns), count: count)
    var singular: [Int] = []
    for component in stronglyConnectedComponents() {
      if component.count == 1, let node = component.first,
        !dependencies[node].contains(where: { $0.node == node })
      {
        guard quantity[node] > 0 else { continue }
        var row = rhs[node]
        for dependency in dependencies[node] {
          for column in 0..<columns { row[column] += dependency.weight * values[dependency.node][column] }
        }
        values[node] = row.map { $0 / quantity[node] }
        continue
      }
      let position = Dictionary(uniqueKeysWithValues: component.enumerated().map { ($1, $0) })
      let size = component.count
      var matrix = Array(repeating: Array(repeating: 0.0, count: size + columns), count: size)
      for (row, node) in component.enumerated() {
        guard quantity[node] > 0 else {
          matrix[row][row] = 1
          continue
        }
        matrix[row][row] = quantity[node]
        for column in 0..<columns { matrix[row][size + column] = rhs[node][column] }
        for dependency in dependencies[node] {
          if let inside = position[dependency.node] {
            matrix[row][inside] -= dependency.weight
          } else {
            for column in 0..<columns {
              matrix[row][size + column] += dependency.weight * values[dependency.node][column]
            }
          }
        }
      }
      if let solution = Self.eliminate(&matrix, size: size, columns: columns) {
        for (row, node) in component.enumerated() { values[node] = solution[row] }
      } else {
        singular.append(contentsOf: component)
      }
    }
    return (values, singular.sorted())
  }

  /// Gaussian elimination with partial pivoting on `[A | B]`; nil when `A` is singular.
  private static func eliminate(_ m: inout [[Double]], size: Int, columns: Int) -> [[Double]]? {
    let width = size + columns
    let scale = m.map { row in row[0..<size].map(abs).max() ?? 0 }.max() ?? 0
    for pivot in 0..<size {
      var best = pivot
      for row in pivot..<size where abs(m[row][pivot]) > abs(m[best][pivot]) { best = row }
      guard abs(m[best][pivot]) > 1e-12 * max(scale, 1e-300) else { return nil }
      m.swapAt(pivot, best)
      for row in 0..<size where row != pivot && m[row][pivot] != 0 {
        let factor = m[row][pivot] / m[pivot][pivot]
        for column in pivot..<width { m[row][column] -= factor * m[pivot][column] }
      }
    }
    return (0..<size).map { row in (0..<columns).map { m[row][size + $0] / m[row][row] } }
  }

  /// Tarjan's components, each listed after every component it depends on.
  private func stronglyConnectedComponents() -> [[Int]] {
    let count = quantity.count
    var index = Array(repeating: -1, count: count)
    var low = Array(repeating: 0, count: count)
    var onStack = Array(repeating: false, count: count)
    var stack: [Int] = []
    var components: [[Int]] = []
    var next = 0
    for root in 0..<count where index[root] < 0 {
      // Iterative depth-first search: (node, position in its dependency list).
      var work: [(node: Int, edge: Int)] = [(root, 0)]
      index[root] = next
      low[root] = next
      next += 1
      stack.append(root)
      onStack[root] = true
      while let top = work.last {
        let node = top.node
        if top.edge < dependencies[node].count {
          work[work.count - 1].edge += 1
          let target = dependencies[node][top.edge].node
          if index[target] < 0 {
            index[target] = next
            low[target] = next
            next += 1
            stack.append(target)
            onStack[target] = true
            work.append((target, 0))
          } else if onStack[target] {
            low[node] = min(low[node], index[target])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
        if low[node] == index[node] {
          var component: [Int] = []
          while let member = stack.popLast() {
            onStack[member] = false
            component.append(member)
            if member == node { break }
          }
          components.append(component)
        }
      }
    }
    return components
  }
}
