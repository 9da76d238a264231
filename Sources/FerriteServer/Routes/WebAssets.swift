import Foundation
import Hummingbird

/// The web app's files, read once from the bundle into a fixed table.
///
/// Each file has its own route, so a request path is only ever matched against this table and
/// never used to open a file.
struct WebAssets: Sendable {
  struct Asset: Sendable {
    var data: Data
    var contentType: String
  }

  /// URL path to bundle file name and type.
  static let files: [(path: String, file: String, type: String)] = [
    ("/", "index.html", "text/html; charset=utf-8"),
    ("/app.js", "app.js", "text/javascript; charset=utf-8"),
    ("/charts.js", "charts.js", "text/javascript; charset=utf-8"),
    ("/inputs.js", "inputs.js", "text/javascript; charset=utf-8"),
    ("/compare.js", "compare.js", "text/javascript; charset=utf-8"),
    ("/sweeps.js", "sweeps.js", "text/javascript; charset=utf-8"),
    ("/futures.js", "futures.js", "text/javascript; charset=utf-8"),
    ("/app.css", "app.css", "text/css; charset=utf-8"),
    ("/world.json", "world.json", "application/json"),
    ("/openapi.json", "openapi.json", "application/json"),
  ]

  let assets: [String: Asset]

  init() {
    var assets: [String: Asset] = [:]
    for (path, file, type) in Self.files {
      let name = (file as NSString).deletingPathExtension
      let ext = (file as NSString).pathExtension
      if let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Web"),
        let data = try? Data(contentsOf: url)
      {
        assets[path] = Asset(data: data, contentType: type)
      }
    }
    self.assets = assets
  }

  var routes: [Route] {
    Self.files.map { entry in
      Route(.get, entry.path, role: nil) { _, _ in
        guard let asset = assets[entry.path] else {
          throw APIError(.internalServerError, "missing-asset", "the server was built without \(entry.file)")
        }
        return JSONResponse.data(asset.data, contentType: asset.contentType)
      }
    }
  }
}
