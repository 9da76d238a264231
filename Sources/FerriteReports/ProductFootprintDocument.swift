import FerriteModel
import FerritePlanner
import Foundation

/// PACT Technical Specification versions Ferrite writes.
public enum PACTVersion: String, Sendable, CaseIterable {
  /// Data model 2.3 (`pcf.pCfExcludingBiogenic`, `declaredUnit`, ...).
  case v2 = "2.3.0"
  /// Data model 3.0 (`pcf.pcfExcludingBiogenicUptake`, `declaredUnitOfMeasurement`, ...).
  case v3 = "3.0.0"
}

/// One delivered footprint as a PACT ProductFootprint, ready to encode as JSON.
///
/// Ferrite's footprints are in t CO2e per t, which is kg CO2e per kg: the declared unit is the
/// kilogram and one tonne of product is 1,000 declared units. Products not counted in a mass unit
/// cannot be declared per kilogram and are left out by `ProductFootprintExport`.
public struct ProductFootprintDocument: Sendable {
  public var id: String
  public var version: PACTVersion
  public var created: Date
  public var companyName: String
  public var companyIds: [String]
  public var productId: String
  public var productName: String
  public var productDescription: String
  public var cpc: String
  /// kg CO2e per kg (= t CO2e per t).
  public var perKilogram: Double
  public var referenceYear: Year
  public var geographyCountry: String?
  public var boundary: String
  public var allocation: String
  public var comment: String

  /// The document as a JSON object (keys as the specification spells them).
  public func jsonObject() -> [String: Any] {
    let start = "\(referenceYear)-01-01T00:00:00Z"
    let end = "\(referenceYear + 1)-01-01T00:00:00Z"
    let value = Self.decimal(perKilogram)
    var pcf: [String: Any]
    var document: [String: Any] = [
      "id": id, "specVersion": version.rawValue, "created": Self.timestamp(created), "status": "Active",
      "companyName": companyName, "companyIds": companyIds, "productDescription": productDescription,
      "productIds": [productId], "productNameCompany": productName, "comment": comment,
    ]
    switch version {
    case .v2:
      document["version"] = 1
      document["productCategoryCpc"] = cpc
      pcf = [
        "declaredUnit": "kilogram", "unitaryProductAmount": "1000", "referencePeriodStart": start,
        "referencePeriodEnd": end, "pCfExcludingBiogenic": value, "fossilGhgEmissions": value,
        "fossilCarbonContent": "0", "biogenicCarbonContent": "0", "characterizationFactors": "AR6",
        "ipccCharacterizationFactorsSources": ["AR6"],
        "crossSectoralStandardsUsed": ["GHG Protocol Product standard", "ISO Standard 14067"],
        "boundaryProcessesDescription": boundary, "exemptedEmissionsPercent": 0,
        "exemptedEmissionsDescription": "", "packagingEmissionsIncluded": false,
        "allocationRulesDescription": allocation,
      ]
    case .v3:
      document["productClassifications"] = ["urn:pact:productclassification:un-cpc:\(cpc)"]
      pcf = [
        "declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1", "productMassPerDeclaredUnit": "1",
        "referencePeriodStart": start, "referencePeriodEnd": end, "pcfExcludingBiogenicUptake": value,
        "pcfIncludingBiogenicUptake": value, "fossilGhgEmissions": value, "fossilCarbonContent": "0",
        "ipccCharacterizationFactors": ["AR6"], "crossSectoralStandards": ["ISO14067", "ISO14083"],
        "exemptedEmissionsPercent": "0", "boundaryProcessesDescription": boundary,
        "allocationRulesDescription": allocation,
      ]
    }
    if let geographyCountry { pcf["geographyCountry"] = geographyCountry }
    document["pcf"] = pcf
    return document
  }

  /// The document as pretty-printed JSON with sorted keys.
  public func json() throws -> Data {
    try JSONSerialization.data(withJSONObject: jsonObject(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
  }

  /// A decimal string as PACT requires (no exponent), to 6 decimals without trailing zeros.
  static func decimal(_ value: Double) -> String {
    var text = String(format: "%.6f", max(0, value))
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}
