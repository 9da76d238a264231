#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import LinearProgramming

/// The HiGHS C functions Ferrite calls, resolved once with `dlsym` from a loaded `libhighs`.
///
/// The types mirror the declarations in HiGHS's `highs_c_api.h` for the default 32-bit `HighsInt`
/// (checked at load), so no HiGHS header is needed to build Ferrite. The table is immutable after
/// loading and the library is never closed, which makes sharing it between threads safe.
final class HighsAPI: @unchecked Sendable {
  typealias Handle = UnsafeMutableRawPointer
  typealias HighsInt = Int32

  typealias Create = @convention(c) () -> Handle?
  typealias Destroy = @convention(c) (Handle?) -> Void
  typealias VersionString = @convention(c) () -> UnsafePointer<CChar>?
  typealias VersionNumber = @convention(c) () -> HighsInt
  typealias Query = @convention(c) (Handle?) -> HighsInt
  typealias QueryDouble = @convention(c) (Handle?) -> Double
  typealias PassLp =
    @convention(c) (
      Handle?, HighsInt, HighsInt, HighsInt, HighsInt, HighsInt, Double,
      UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
      UnsafePointer<Double>?, UnsafePointer<Double>?,
      UnsafePointer<HighsInt>?, UnsafePointer<HighsInt>?, UnsafePointer<Double>?
    ) -> HighsInt
  typealias PassMip =
    @convention(c) (
      Handle?, HighsInt, HighsInt, HighsInt, HighsInt, HighsInt, Double,
      UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
      UnsafePointer<Double>?, UnsafePointer<Double>?,
      UnsafePointer<HighsInt>?, UnsafePointer<HighsInt>?, UnsafePointer<Double>?,
      UnsafePointer<HighsInt>?
    ) -> HighsInt
  typealias PassName = @convention(c) (Handle?, HighsInt, UnsafePointer<CChar>?) -> HighsInt
  typealias SetIntOption = @convention(c) (Handle?, UnsafePointer<CChar>?, HighsInt) -> HighsInt
  typealias SetDoubleOption = @convention(c) (Handle?, UnsafePointer<CChar>?, Double) -> HighsInt
  typealias SetStringOption =
    @convention(c) (Handle?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> HighsInt
  typealias GetInt =
    @convention(c) (Handle?, UnsafePointer<CChar>?, UnsafeMutablePointer<HighsInt>?) -> HighsInt
  typealias GetInt64 =
    @convention(c) (Handle?, UnsafePointer<CChar>?, UnsafeMutablePointer<Int64>?) -> HighsInt
  typealias GetDouble =
    @convention(c) (Handle?, UnsafePointer<CChar>?, UnsafeMutablePointer<Double>?) -> HighsInt
  typealias GetSolution =
    @convention(c) (
      Handle?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?
    ) -> HighsInt
  typealias SetSolution =
    @convention(c) (
      Handle?, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
      UnsafePointer<Double>?
    ) -> HighsInt
  typealias GetBasis =
    @convention(c) (
      Handle?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?
    ) -> HighsInt
  typealias SetBasis =
    @convention(c) (Handle?, UnsafePointer<HighsInt>?, UnsafePointer<HighsInt>?) -> HighsInt
  typealias GetIis =
    @convention(c) (
      Handle?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?
    ) -> HighsInt
  typealias GetRanging =
    @convention(c) (
      Handle?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<HighsInt>?, UnsafeMutablePointer<HighsInt>?
    ) -> HighsInt
  typealias ChangeCost = @convention(c) (Handle?, HighsInt, Double) -> HighsInt
  typealias ChangeCostsByRange =
    @convention(c) (Handle?, HighsInt, HighsInt, UnsafePointer<Double>?) -> HighsInt
  typealias ChangeBounds = @convention(c) (Handle?, HighsInt, Double, Double) -> HighsInt
  typealias ChangeCoefficient = @convention(c) (Handle?, HighsInt, HighsInt, Double) -> HighsInt
  /// `HighsCCallbackType`: callback type, message, data out, data in, user data.
  typealias Callback =
    @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?)
    -> Void
  typealias SetCallback = @convention(c) (Handle?, Callback?, UnsafeMutableRawPointer?) -> HighsInt
  typealias StartCallback = @convention(c) (Handle?, HighsInt) -> HighsInt
  typealias CallbackDataOutItem = @convention(c) (UnsafeRawPointer?, UnsafePointer<CChar>?) -> UnsafeRawPointer?

  let create: Create
  let destroy: Destroy
  let version: VersionString
  let versionMajor: VersionNumber
  let versionMinor: VersionNumber
  let versionPatch: VersionNumber
  let sizeofHighsInt: Query
  let passLp: PassLp
  let passMip: PassMip
  let passColName: PassName
  let passRowName: PassName
  let setBoolOptionValue: SetIntOption
  let setIntOptionValue: SetIntOption
  let setDoubleOptionValue: SetDoubleOption
  let setStringOptionValue: SetStringOption
  let getIntOptionValue: GetInt
  let run: Query
  let getModelStatus: Query
  let getInfoType: GetInt
  let getIntInfoValue: GetInt
  let getInt64InfoValue: GetInt64
  let getDoubleInfoValue: GetDouble
  let getObjectiveValue: QueryDouble
  let getSolution: GetSolution
  let setSolution: SetSolution
  let getBasis: GetBasis
  let setBasis: SetBasis
  let getIis: GetIis
  let getRanging: GetRanging
  let changeColCost: ChangeCost
  let changeColsCostByRange: ChangeCostsByRange
  let changeColBounds: ChangeBounds
  let changeRowBounds: ChangeBounds
  let changeCoeff: ChangeCoefficient
  let setCallback: SetCallback
  let startCallback: StartCallback
  let callbackDataOutItem: CallbackDataOutItem

  /// Resolves every function from `library` (a `dlopen` handle), naming the first one missing.
  init(library: UnsafeMutableRawPointer, path: String) throws(SolverError) {
    func resolve<Function>(_ name: String, as _: Function.Type) throws(SolverError) -> Function {
      guard let address = dlsym(library, name) else {
        throw SolverError(
          "The HiGHS library at \(path) has no function \(name); it is not HiGHS 1.15 or newer.",
          fix: HiGHSInstallation.installHint)
      }
      return unsafeBitCast(address, to: Function.self)
    }
    create = try resolve("Highs_create", as: Create.self)
    destroy = try resolve("Highs_destroy", as: Destroy.self)
    version = try resolve("Highs_version", as: VersionString.self)
    versionMajor = try resolve("Highs_versionMajor", as: VersionNumber.self)
    versionMinor = try resolve("Highs_versionMinor", as: VersionNumber.self)
    versionPatch = try resolve("Highs_versionPatch", as: VersionNumber.self)
    sizeofHighsInt = try resolve("Highs_getSizeofHighsInt", as: Query.self)
    passLp = try resolve("Highs_passLp", as: PassLp.self)
    passMip = try resolve("Highs_passMip", as: PassMip.self)
    passColName = try resolve("Highs_passColName", as: PassName.self)
    passRowName = try resolve("Highs_passRowName", as: PassName.self)
    setBoolOptionValue = try resolve("Highs_setBoolOptionValue", as: SetIntOption.self)
    setIntOptionValue = try resolve("Highs_setIntOptionValue", as: SetIntOption.self)
    setDoubleOptionValue = try resolve("Highs_setDoubleOptionValue", as: SetDoubleOption.self)
    setStringOptionValue = try resolve("Highs_setStringOptionValue", as: SetStringOption.self)
    getIntOptionValue = try resolve("Highs_getIntOptionValue", as: GetInt.self)
    run = try resolve("Highs_run", as: Query.self)
    getModelStatus = try resolve("Highs_getModelStatus", as: Query.self)
    getInfoType = try resolve("Highs_getInfoType", as: GetInt.self)
    getIntInfoValue = try resolve("Highs_getIntInfoValue", as: GetInt.self)
    getInt64InfoValue = try resolve("Highs_getInt64InfoValue", as: GetInt64.self)
    getDoubleInfoValue = try resolve("Highs_getDoubleInfoValue", as: GetDouble.self)
    getObjectiveValue = try resolve("Highs_getObjectiveValue", as: QueryDouble.self)
    getSolution = try resolve("Highs_getSolution", as: GetSolution.self)
    setSolution = try resolve("Highs_setSolution", as: SetSolution.self)
    getBasis = try resolve("Highs_getBasis", as: GetBasis.self)
    setBasis = try resolve("Highs_setBasis", as: SetBasis.self)
    getIis = try resolve("Highs_getIis", as: GetIis.self)
    getRanging = try resolve("Highs_getRanging", as: GetRanging.self)
    changeColCost = try resolve("Highs_changeColCost", as: ChangeCost.self)
    changeColsCostByRange = try resolve("Highs_changeColsCostByRange", as: ChangeCostsByRange.self)
    changeColBounds = try resolve("Highs_changeColBounds", as: ChangeBounds.self)
    changeRowBounds = try resolve("Highs_changeRowBounds", as: ChangeBounds.self)
    changeCoeff = try resolve("Highs_changeCoeff", as: ChangeCoefficient.self)
    setCallback = try resolve("Highs_setCallback", as: SetCallback.self)
    startCallback = try resolve("Highs_startCallback", as: StartCallback.self)
    callbackDataOutItem = try resolve("Highs_getCallbackDataOutItem", as: CallbackDataOutItem.self)
  }
}
