import HTTP
/// Decryptor: opens age-encrypted request bodies. In this build only the *disabled*
/// configuration exists (no `AGE_IDENT_PATH`): the body is the plaintext.
struct DecryptorStage: ExchangeStage {
    let name = StageName.decrypt

    func process(_ exchange: inout Exchange) async {}
}
