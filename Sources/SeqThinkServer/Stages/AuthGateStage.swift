import HTTP
/// AuthGate: checks the bearer token. In this build only the *disabled* configuration exists
/// (no `KACHING_JWKS_URL`): every request passes with no principal.
struct AuthGateStage: ExchangeStage {
    let name = StageName.auth

    func process(_ exchange: inout Exchange) async {}
}
