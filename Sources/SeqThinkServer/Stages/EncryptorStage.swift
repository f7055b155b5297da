import HTTP
/// Encryptor: seals the reply to the configured recipients. In this build only the *disabled*
/// configuration exists: the reply goes out as the dispatcher made it.
struct EncryptorStage: ExchangeStage {
    let name = StageName.encrypt

    func process(_ exchange: inout Exchange) async {
        if let reply = exchange.reply { exchange.finish(reply) }
    }
}
