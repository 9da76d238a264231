import Foundation

/// The plan in a few screens of text: objective and costs, decisions in words, unmet demand, the
/// most valuable bottlenecks, or why there is no plan.
public struct PlanSummary: Sendable {
  public var plan: Plan
  /// How many bottlenecks to show.
  public var bottleneckCount: Int

  public init(_ plan: Plan, bottleneckCount: Int = 5) {
    self.plan = plan
    self.bottleneckCount = bottleneckCount
  }

  /// The summary, every line at most `width` characters.
  public func text(width: Int = 100) -> String {
    var lines: [String] = []
    let span =
      plan.periods.first.map { first in
        plan.periods.count > 1 ? "\(first)-\(plan.periods.last ?? first)" : "\(first)"
      } ?? "no periods"
    lines.append("\(plan.scenario) (\(span), \(plan.currency))")
    let kind = plan.isMixedInteger ? "MILP" : "LP"
    var status =
      "\(plan.termination.rawValue), \(kind), \(plan.statistics.rows) rows x "
      + "\(plan.statistics.columns) columns, solved in \(NumberText.grouped(plan.statistics.solveSeconds, decimals: 2)) s"
    if plan.isMixedInteger, let gap = plan.mipGap, gap.isFinite {
      status += ", gap \(NumberText.grouped(gap * 100, decimals: 2)) %"
    }
    if plan.statistics.dualSolveSeconds >= 0.01 {
      status += " (+\(NumberText.grouped(plan.statistics.dualSolveSeconds, decimals: 2)) s for duals)"
    }
    lines.append("Status: " + status)

    if let explanation = plan.infeasibility {
      lines.append("")
      lines.append("No feasible plan.")
      lines.append(contentsOf: wrap(explanation.description, width: width))
      return PrintableText.escaping(lines.joined(separator: "\n")) + "\n"
    }
    guard plan.hasSolution else {
      lines.append("No plan: the solver stopped (\(plan.termination.rawValue)) without a solution.")
      return PrintableText.escaping(lines.joined(separator: "\n")) + "\n"
    }
    if plan.termination != .optimal {
      lines.append("Warning: not proven optimal; this is the best plan found before the solver stopped.")
    }

    lines.append("")
    let discounted = "discounted to \(plan.periods.first.map(String.init) ?? "the start")"
    lines.append(
      "Costs (\(plan.currency), \(discounted))".padded(to: 40) + "amount".leftPadded(to: 18)
        + "share".leftPadded(to: 9))
    let total = plan.totalCost
    for component in plan.components where !component.isRevenue && component.discounted != 0 {
      let share = total != 0 ? component.discounted / total * 100 : 0
      lines.append(
        ("  " + component.component.rawValue).padded(to: 40)
          + NumberText.grouped(component.discounted).leftPadded(to: 18)
          + (NumberText.grouped(share, decimals: 1) + " %").leftPadded(to: 9))
    }
    lines.append("  total cost".padded(to: 40) + NumberText.grouped(total).leftPadded(to: 18))
    if plan.objectiveSense == "maximize-profit" {
      lines.append("  revenue".padded(to: 40) + NumberText.grouped(plan.revenue).leftPadded(to: 18))
      lines.append("  profit".padded(to: 40) + NumberText.grouped(plan.revenue - total).leftPadded(to: 18))
    }

    lines.append("")
    lines.append("Decisions")
    let decisions = decisionSentences()
    if decisions.isEmpty { lines.append("  none: no modules built, no site opened or closed") }
    for sentence in decisions.prefix(20) { lines.append("  " + sentence) }
    if decisions.count > 20 {
      lines.append("  ... and \(decisions.count - 20) more (see builds.csv and sites.csv)")
    }

    lines.append("")
    lines.append("Unmet demand")
    let unmet = plan.demand.filter { $0.unmet > 1e-6 }
    if unmet.isEmpty {
      lines.append("  none: all demand is served")
    } else {
      for line in unmet.prefix(10) {
        lines.append(
          "  \(line.product) at \(line.site) in \(line.period): \(NumberText.quantity(line.unmet)) of "
            + "\(NumberText.quantity(line.quantity)) not served")
      }
      if unmet.count > 10 { lines.append("  ... and \(unmet.count - 10) more (see demand.csv)") }
    }

    lines.append("")
    lines.append("Most valuable bottlenecks (value of one more unit, \(plan.currency))")
    if plan.dualSource == .none {
      lines.append("  not available (no duals)")
    } else if plan.bottlenecks.isEmpty {
      lines.append("  none: no capacity limits the plan")
    } else {
      for group in bottleneckGroups().prefix(bottleneckCount) {
        let top = group.top
        let use = "\(NumberText.quantity(top.used)) of \(NumberText.quantity(top.capacity)) used"
        lines.append(
          ("  " + group.description).padded(to: width - 40)
            + NumberText.grouped(top.shadowPrice, decimals: 2).leftPadded(to: 14)
            + ("  " + use).padded(to: 26))
      }
    }
    if plan.dualSource == .fixedIntegerLP {
      lines.append("  (duals from the LP with the integer decisions fixed at their optimal values)")
    }
    lines.append(contentsOf: carbonLines(width: width))
    if let trade = plan.trade { lines.append(contentsOf: TradeSummary(trade, plan: plan).lines(width: width)) }
    if !plan.warnings.isEmpty {
      lines.append("")
      lines.append("Warnings")
      for warning in plan.warnings { lines.append(contentsOf: wrap("  " + warning, width: width)) }
    }
    return lines.flatMap { $0.count > width ? wrap($0, width: width) : [$0] }
      .map { PrintableText.escaping($0.trimmingTrailingSpaces()) }.joined(separator: "\n") + "\n"
  }

  /// One capacity binding in several periods, shown once with its highest value.
  struct BottleneckGroup {
    var top: Bottleneck
    var description: String
  }

  /// The bottlenecks by capacity, most valuable first: each capacity once, with the years in
  /// which it is worth its highest value ("louisiana/dri-eaf capacity in 2029-2035").
  func bottleneckGroups() -> [BottleneckGroup] {
    var order: [String] = []
    var byKey: [String: [Bottleneck]] = [:]
    for bottleneck in plan.bottlenecks {
      let key = bottleneck.kind + "|" + bottleneck.subject
      if byKey[key] == nil { order.append(key) }
      byKey[key, default: []].append(bottleneck)
    }
    return order.compactMap { key in
      guard let list = byKey[key], let top = list.first else { return nil }
      let tolerance = 1e-6 * max(1, abs(top.shadowPrice))
      let years = list.filter { abs($0.shadowPrice - top.shadowPrice) <= tolerance }.compactMap(\.period)
        .sorted()
      guard years.count > 1, let base = top.description.range(of: " in ", options: .backwards) else {
        return BottleneckGroup(top: top, description: top.description)
      }
      return BottleneckGroup(
        top: top, description: String(top.description[..<base.lowerBound]) + " in " + Self.yearList(years))
    }
  }

  /// `2029-2031, 2033`: consecutive years as ranges.
  public static func yearList(_ years: [Int]) -> String {
    var parts: [String] = []
    var start = years.first ?? 0
    var previous = start
    for year in years.dropFirst() + [Int.max] {
      if year == previous + 1 {
        previous = year
        continue
      }
      parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
      start = year
      previous = year
    }
    return parts.joined(separator: ", ")
  }

  /// "build 1 module of louisiana/dri-eaf in 2029", "open site X in 2030", "close site Y in 2031".
  public func decisionSentences() -> [String] {
    var sentences: [String] = []
    for build in plan.builds {
      sentences.append(
        "build \(build.modules) module\(build.modules == 1 ? "" : "s") of \(build.option) in \(build.period) "
          + "(+\(NumberText.quantity(build.addedCapacity)) capacity)")
    }
    var seen = Set<String>()
    for line in plan.sites where !seen.contains(line.site) {
      let history = plan.sites.filter { $0.site == line.site }
      seen.insert(line.site)
      if line.status == "candidate" {
        if let opened = history.first(where: \.isOpen) {
          sentences.append("open site \(line.site) in \(opened.period)")
        } else {
          sentences.append("keep candidate site \(line.site) closed")
        }
      } else if let closed = history.first(where: { !$0.isOpen }) {
        sentences.append("close site \(line.site) in \(closed.period)")
      }
    }
    return sentences
  }

  /// Breaks `text` at spaces into lines of at most `width` characters (a word longer than a line
  /// is cut), continuing four spaces further in than the first line.
  private func wrap(_ text: String, width: Int) -> [String] {
    let indent = String(text.prefix { $0 == " " })
    var lines: [String] = []
    var current = indent
    for word in text.split(separator: " ") {
      let fits = current.count + word.count + 1 <= width
      if !fits, current.trimmingTrailingSpaces().count > indent.count {
        lines.append(current)
        current = indent + "    " + word
      } else {
        current += (current.count > indent.count ? " " : "") + word
      }
    }
    if current.count > indent.count { lines.append(current) }
    return lines.map { String($0.prefix(width)) }
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
