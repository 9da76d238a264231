import FerriteStore
import Foundation
import Hummingbird
import HummingbirdCore
import LinearProgramming
import Logging
import NIOCore

/// The HTTP API and web app over one data folder or PostgreSQL database.
///
/// ```swift
/// let server = try await FerriteServer(configuration: ServerConfiguration(dataDirectory: "data"), solver: HiGHSSolver())
/// try await server.application().runService()
/// await server.close()
/// ```
public struct FerriteServer: Sendable {
  public let configuration: ServerConfiguration
  public let store: any ServerStore
  /// Jobs found queued or running at startup and marked interrupted.
  public let interruptedJobs: Int
  private let runner: JobRunner
  private let tables: ResultTables
  private let networks = NetworkCache()

  /// Opens the database (creating the data folder and its SQLite file when no PostgreSQL URL is
  /// given) and marks jobs left over from an earlier process as interrupted. `solver` solves every
  /// plan and sweep the server runs (the composition root, `ferrite serve`, passes HiGHS).
  public init(configuration: ServerConfiguration, solver: any SessionSolver) async throws {
    self.configuration = configuration
    if configuration.postgresURL == nil {
      try FileManager.default.createDirectory(
        atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    }
    store = try await configuration.database.open()
    do {
      interruptedJobs = try await store.markUnfinishedJobsInterrupted(server: configuration.instance)
    } catch {
      await store.close()
      throw error
    }
    runner = JobRunner(
      store: store, solver: solver, queueURL: configuration.sweepsOnWorkers ? configuration.postgresURL : nil)
    tables = ResultTables(store: store)
  }

  /// Closes the database connections once the application has stopped.
  public func close() async { await store.close() }

  /// Reads stored scenarios with the server's policy pack folder.
  var loader: ScenarioLoader { ScenarioLoader(packFolders: configuration.policyPackFolder.map { [$0] } ?? []) }

  /// Every endpoint the server answers.
  var routes: [Route] {
    AdminRoutes(issuer: TokenIssuer(store: store)).routes
      + ScenarioRoutes(store: store, limits: configuration.limits, tables: tables, networks: networks, loader: loader).routes
      + JobRoutes(store: store, runner: runner, tables: tables, loader: loader, instance: configuration.instance).routes
      + CompareRoutes(store: store).routes
      + FuturesRoutes(store: store, runner: runner, loader: loader, instance: configuration.instance).routes
      + InputRoutes(store: store, limits: configuration.limits, networks: networks, loader: loader).routes
      + WorkbookRoutes(store: store).routes
      + WebAssets().routes
  }

  /// The router: error and security middleware first, then each route behind its role check.
  func router() -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: SecurityHeadersMiddleware(allowedOrigin: configuration.allowedOrigin))
    router.add(middleware: ErrorMiddleware())
    let issuer = TokenIssuer(store: store)
    for route in routes {
      let handle: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
        if let role = route.role { _ = try await issuer.authorize(request, as: role) }
        return try await route.handle(request, context)
      }
      router.on(RouterPath(route.path), method: route.method, use: handle)
      // HEAD answers as GET does, headers only (RFC 9110 9.3.2).
      if route.method == .get {
        router.on(RouterPath(route.path), method: .head) { request, context -> Response in
          var response = try await handle(request, context)
          response.body = ResponseBody()
          return response
        }
      }
    }
    return router
  }

  /// The application listening where the configuration says.
  ///
  /// - Parameter onListening: called with the port the server listens on once it accepts
  ///   connections (the port chosen by the system when the configuration asks for port 0).
  public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    var logger = Logger(label: "ferrite.server")
    logger.logLevel = .info
    return Application(
      router: router(),
      server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
      onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
      logger: logger)
  }
}
