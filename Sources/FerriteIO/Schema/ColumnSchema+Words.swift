import FerriteModel

extension ColumnSchema.Kind {
  /// The kind in words, for the docs and for messages ("a number", "a site id").
  public var words: String {
    switch self {
    case .text: "text"
    case .identifier: "id"
    case .reference(let table): "\(table.entityName) id"
    case .references(let table): "\(table.entityName) ids, `;`-separated"
    case .number: "number"
    case .integer: "integer"
    case .year: "year"
    case .boolean: "yes/no"
    case .date: "date yyyy-mm-dd"
    case .country: "country code"
    case .countries: "country codes, `;`-separated"
    case .place: "country, bloc or `*`"
    case .places: "countries or blocs, `;`-separated"
    case .choice(let words): "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
    case .shares: "company=share pairs, `;`-separated"
    case .hsCode: "HS code"
    case .hsCodes: "HS codes, `;`-separated"
    }
  }
}

extension Table {
  /// What one row of the table is called in messages: "site", "product", "tariff rule".
  public var entityName: String {
    switch self {
    case .products: "product"
    case .customsValues: "customs value"
    case .sites: "site"
    case .processes: "process"
    case .recipes: "recipe line"
    case .lanes: "lane"
    case .demand: "demand"
    case .purchases: "purchase"
    case .capacityOptions: "capacity option"
    case .blocs: "bloc"
    case .tariffRules: "tariff rule"
    case .tariffQuotas: "tariff quota"
    case .originRules: "origin rule"
    case .carbonPrices: "carbon price"
    case .carbonCaps: "carbon cap"
    case .gridFactors: "grid factor"
    }
  }
}
