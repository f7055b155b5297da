/// The version reported by `--version`, server info and `seqthink_build_info`.
public enum BuildInfo {
    public static let version = "0.1.0"
}
