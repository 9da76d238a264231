import Foundation

/// Checks a ProductFootprint JSON object against the rules of the PACT data model that Ferrite's
/// output must meet: required properties, their types, decimal strings, URNs, UUIDs, dates and
/// the declared-unit vocabulary. It reads the specification's text (stricter than its schema:
/// amounts must be positive), so it needs no schema file at run time.
public enum PACTConformance {
  /// Every problem found, as `pcf.declaredUnit: missing`; empty when the document conforms.
  public static func problems(in document: [String: Any], version: PACTVersion) -> [String] {
    var problems: [String] = []
    func check(_ ok: Bool, _ path: String, _ message: String) { if !ok { problems.append("\(path): \(message)") } }
    let common = ["id", "specVersion", "created", "status", "companyName", "companyIds", "productDescription",
                  "productIds", "productNameCompany", "pcf"]
    let required = version == .v2 ? common + ["version", "comment", "productCategoryCpc"] : common
    for key in required { check(document[key] != nil, key, "missing") }
    check(isUUID(document["id"]), "id", "not a UUID")
    check(matches(document["specVersion"], #"^\d+\.\d+\.\d+(-\d{8})?$"#), "specVersion", "not a version")
    check(isDateTime(document["created"]), "created", "not an RFC 3339 date-time")
    check(["Active", "Deprecated"].contains(document["status"] as? String ?? ""), "status", "not Active or Deprecated")
    check(!(document["companyName"] as? String ?? "").isEmpty, "companyName", "empty")
    check(!(document["productNameCompany"] as? String ?? "").isEmpty, "productNameCompany", "empty")
    for key in ["companyIds", "productIds"] {
      let list = document[key] as? [String] ?? []
      check(!list.isEmpty && Set(list).count == list.count, key, "must be a non-empty list without repeats")
      check(list.allSatisfy { $0.lowercased().hasPrefix("urn:") }, key, "every id must be a URN")
    }
    if version == .v2 {
      check(document["version"] is Int || document["version"] is NSNumber, "version", "not an integer")
      check(!(document["productCategoryCpc"] as? String ?? "").isEmpty, "productCategoryCpc", "empty")
    }
    guard let pcf = document["pcf"] as? [String: Any] else { return problems + ["pcf: not an object"] }
    let units = ["liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule", "ton kilometer", "square meter"]
    switch version {
    case .v2:
      for key in [
        "declaredUnit", "unitaryProductAmount", "referencePeriodStart", "referencePeriodEnd", "pCfExcludingBiogenic",
        "fossilGhgEmissions", "fossilCarbonContent", "biogenicCarbonContent", "characterizationFactors",
        "ipccCharacterizationFactorsSources", "crossSectoralStandardsUsed", "boundaryProcessesDescription",
        "exemptedEmissionsPercent", "exemptedEmissionsDescription", "packagingEmissionsIncluded",
      ] { check(pcf[key] != nil, "pcf.\(key)", "missing") }
      check(units.contains(pcf["declaredUnit"] as? String ?? ""), "pcf.declaredUnit", "not a declared unit")
      check(isPositive(pcf["unitaryProductAmount"]), "pcf.unitaryProductAmount", "must be a decimal > 0")
      for key in ["pCfExcludingBiogenic", "fossilGhgEmissions", "fossilCarbonContent", "biogenicCarbonContent"] {
        check(isNonNegative(pcf[key]), "pcf.\(key)", "must be a decimal >= 0")
      }
      check(["AR5", "AR6"].contains(pcf["characterizationFactors"] as? String ?? ""), "pcf.characterizationFactors", "not AR5 or AR6")
      let percent = (pcf["exemptedEmissionsPercent"] as? NSNumber)?.doubleValue ?? -1
      check((0...100).contains(percent), "pcf.exemptedEmissionsPercent", "must be a number in 0...100")
      check(pcf["packagingEmissionsIncluded"] is Bool, "pcf.packagingEmissionsIncluded", "not a boolean")
    case .v3:
      for key in [
        "declaredUnitOfMeasurement", "declaredUnitAmount", "productMassPerDeclaredUnit", "referencePeriodStart",
        "referencePeriodEnd", "pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "fossilGhgEmissions",
        "fossilCarbonContent", "ipccCharacterizationFactors", "crossSectoralStandards", "exemptedEmissionsPercent",
      ] { check(pcf[key] != nil, "pcf.\(key)", "missing") }
      check(units.contains(pcf["declaredUnitOfMeasurement"] as? String ?? ""), "pcf.declaredUnitOfMeasurement", "not a declared unit")
      check(isPositive(pcf["declaredUnitAmount"]), "pcf.declaredUnitAmount", "must be a decimal > 0")
      for key in ["productMassPerDeclaredUnit", "pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "exemptedEmissionsPercent"] {
        check(matches(pcf[key], #"^[+-]?\d+(\.\d+)?$"#), "pcf.\(key)", "not a decimal string")
      }
      for key in ["fossilGhgEmissions", "fossilCarbonContent"] {
        check(isNonNegative(pcf[key]), "pcf.\(key)", "must be a decimal >= 0")
      }
    }
    for key in ["referencePeriodStart", "referencePeriodEnd"] {
      check(isDateTime(pcf[key]), "pcf.\(key)", "not an RFC 3339 date-time")
    }
    let factors = pcf[version == .v2 ? "ipccCharacterizationFactorsSources" : "ipccCharacterizationFactors"] as? [String] ?? []
    check(!factors.isEmpty && factors.allSatisfy { matches($0, #"^AR\d+$"#) }, "pcf.ipccCharacterizationFactors", "must list ARn reports")
    if let country = pcf["geographyCountry"] { check(matches(country, "^[A-Z]{2}$"), "pcf.geographyCountry", "not ISO 3166-1 alpha-2") }
    return problems
  }

  private static func matches(_ value: Any?, _ pattern: String) -> Bool {
    guard let text = value as? String else { return false }
    return text.range(of: pattern, options: .regularExpression) != nil
  }

  private static func isUUID(_ value: Any?) -> Bool {
    matches(value, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
  }

  private static func isDateTime(_ value: Any?) -> Bool {
    matches(value, #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#)
  }

  private static func isNonNegative(_ value: Any?) -> Bool { matches(value, #"^\+?\d+(\.\d+)?$"#) }

  private static func isPositive(_ value: Any?) -> Bool {
    guard isNonNegative(value), let text = value as? String, let number = Double(text) else { return false }
    return number > 0
  }
}
