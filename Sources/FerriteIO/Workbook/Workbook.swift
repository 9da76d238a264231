/// A spreadsheet workbook as plain values: named sheets of rows of cells, as an .xlsx file holds
/// them once formulas, styles and formatting are set aside.
public struct Workbook: Sendable, Equatable {
  /// What one cell holds.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case boolean(Bool)
  }

  /// One row: its number in the sheet (from 1) and its cells by column position (from 0).
  public struct Row: Sendable, Equatable {
    public var number: Int
    public var cells: [Int: Cell]

    public init(number: Int, cells: [Int: Cell]) {
      self.number = number
      self.cells = cells
    }
  }

  public struct Sheet: Sendable, Equatable {
    public var name: String
    /// Rows with at least one cell, in order.
    public var rows: [Row]
    /// Columns as wide as these many characters, for the writer; ignored by the reader.
    public var columnWidths: [Int]

    public init(name: String, rows: [Row], columnWidths: [Int] = []) {
      self.name = name
      self.rows = rows
      self.columnWidths = columnWidths
    }

    /// A sheet of consecutive rows from row 1, the first of them a bold header.
    public init(name: String, header: [String], rows: [[Cell?]]) {
      var all = [Row(number: 1, cells: Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0, Cell.text($1)) }))]
      for (index, cells) in rows.enumerated() {
        var row: [Int: Cell] = [:]
        for (column, cell) in cells.enumerated() { if let cell { row[column] = cell } }
        all.append(Row(number: index + 2, cells: row))
      }
      var widths = header.map { min(60, max(8, $0.count + 2)) }
      for cells in rows {
        for (column, cell) in cells.enumerated() where column < widths.count {
          if case .text(let text)? = cell { widths[column] = min(60, max(widths[column], text.count + 2)) }
        }
      }
      self.init(name: name, rows: all, columnWidths: widths)
    }
  }

  public var sheets: [Sheet]

  public init(sheets: [Sheet]) { self.sheets = sheets }

  /// The sheet called `name`, if any.
  public func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }

  /// A cell reference such as `C12` for a column position (from 0) and a row number (from 1).
  public static func reference(column: Int, row: Int) -> String { columnName(column) + String(row) }

  /// The letters of a column position from 0: A ... Z, AA ...
  public static func columnName(_ column: Int) -> String {
    var column = column
    var letters: [Character] = []
    repeat {
      letters.insert(Character(UnicodeScalar(UInt8(65 + column % 26))), at: 0)
      column = column / 26 - 1
    } while column >= 0
    return String(letters)
  }

  /// The column position (from 0) and row number of a reference such as `C12`; nil when it is not one.
  public static func position(of reference: String) -> (column: Int, row: Int)? {
    var column = 0
    var row = 0
    var sawLetter = false
    var sawDigit = false
    for scalar in reference.unicodeScalars {
      switch scalar {
      case "A"..."Z" where !sawDigit:
        column = column * 26 + Int(scalar.value - 64)
        sawLetter = true
        guard column <= 16_384 else { return nil }
      case "0"..."9" where sawLetter:
        row = row * 10 + Int(scalar.value - 48)
        sawDigit = true
        guard row <= 1_048_576 else { return nil }
      default: return nil
      }
    }
    guard sawLetter, sawDigit, row >= 1 else { return nil }
    return (column - 1, row)
  }
}
