import FerriteModel

/// Countries and blocs as sets of countries, for matching importers and origins.
struct Places: Sendable {
  private let blocs: [String: Set<CountryCode>]

  init(_ blocs: [Bloc]) {
    var map: [String: Set<CountryCode>] = [:]
    for bloc in blocs { map[bloc.id.rawValue] = Set(bloc.members) }
    self.blocs = map
  }

  /// The countries a place names: a bloc's members, or the country itself; nil for `*` (everywhere).
  func countries(_ place: String) -> Set<CountryCode>? {
    if place == "*" || place.isEmpty { return nil }
    return blocs[place] ?? [place]
  }

  /// The countries of several places together; nil when one of them is `*`.
  func countries(_ places: [String]) -> Set<CountryCode>? {
    var all = Set<CountryCode>()
    for place in places {
      guard let countries = countries(place) else { return nil }
      all.formUnion(countries)
    }
    return all
  }

  /// Whether `country` is in `place`.
  func contains(_ place: String, _ country: CountryCode) -> Bool {
    countries(place)?.contains(country) ?? true
  }
}

/// Whether a product's HS code starts with `prefix` (dots and spaces ignored); an empty prefix
/// covers every product, a product without an HS code only that.
func hsMatches(_ product: Product, _ prefix: String) -> Bool {
  let clean = { (text: String) in text.filter { $0 != "." && $0 != " " } }
  let wanted = clean(prefix)
  if wanted.isEmpty { return true }
  guard let code = product.hsCode else { return false }
  return clean(code).hasPrefix(wanted)
}
