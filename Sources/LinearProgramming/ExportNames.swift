/// Row and column names made safe for a file format: the allowed characters only, and unique.
///
/// A model's names come from data (site and product ids), so they may hold spaces or brackets that
/// a format forbids; the writer replaces them rather than produce a file another solver rejects.
struct ExportNames {
  var columns: [String]
  var rows: [String]
  var objective: String

  init(_ program: LinearProgram, sanitize: (String) -> String) {
    var taken = Set<String>()
    func unique(_ raw: String, index: Int, prefix: String) -> String {
      var name = sanitize(raw)
      if name.isEmpty || taken.contains(name) { name = sanitize("\(name)~\(prefix)\(index)") }
      taken.insert(name)
      return name
    }
    columns = (0..<program.columnCount).map { unique(program.columnNames[$0], index: $0, prefix: "c") }
    rows = (0..<program.rowCount).map { unique(program.rowNames[$0], index: $0, prefix: "r") }
    var objective = "obj"
    while taken.contains(objective) { objective += "_" }
    self.objective = objective
  }
}

extension Double {
  /// The shortest text that reads back as the same number; never "inf" or "nan" (callers handle
  /// infinite bounds) and never "-0.0".
  var exportText: String {
    if self == 0 { return "0" }
    if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
    return "\(self)"
  }
}
