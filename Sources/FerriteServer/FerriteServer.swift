import FerriteStore
import Foundation
import Hummingbird
import Logging

/// The HTTP API and web app over one data folder.
///
/// ```swift
/// let server = try FerriteServer(configuration: ServerConfiguration(dataDirectory: "data"))
/// try await server.application().runService()
/// ```
public struct FerriteServer: Sendable {
  public let configuration: ServerConfiguration
  public let store: ServerStore
  /// Jobs found queued or running at startup and marked interrupted.
  public let interruptedJobs: Int
  private let runner: JobRunner
  private let tables: ResultTables
  private let networks = NetworkCache()

  /// Opens the data folder, creating it and its database if needed, and marks jobs left over from
  /// an earlier process as interrupted.
  public init(configuration: ServerConfiguration) throws {
    self.configuration = configuration
    try FileManager.default.createDirectory(
      atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    store = try ServerStore(path: configuration.databasePath)
    interruptedJobs = try store.markUnfinishedJobsInterrupted()
    runner = JobRunner(store: store)
    tables = ResultTables(store: store)
  }

  /// Every endpoint the server answers.
  var routes: [Route] {
    AdminRoutes(issuer: TokenIssuer(store: store)).routes
      + ScenarioRoutes(store: store, limits: configuration.limits, tables: tables, networks: networks).routes
      + JobRoutes(store: store, runner: runner, tables: tables).routes
      + WebAssets().routes
  }

  /// The router: error and security middleware first, then each route behind its role check.
  func router() -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: SecurityHeadersMiddleware(allowedOrigin: configuration.allowedOrigin))
    router.add(middleware: ErrorMiddleware())
    let issuer = TokenIssuer(store: store)
    for route in routes {
      router.on(RouterPath(route.path), method: route.method) { request, context -> Response in
        if let role = route.role { _ = try issuer.authorize(request, as: role) }
        return try await route.handle(request, context)
      }
    }
    return router
  }

  /// The application listening where the configuration says.
  public func application() -> some ApplicationProtocol {
    var logger = Logger(label: "ferrite.server")
    logger.logLevel = .info
    return Application(
      router: router(),
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
      logger: logger)
  }
}
