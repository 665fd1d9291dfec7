package news.enricher.extract;

/** The kind of instrument a robinhood link points at: {@code /stocks/} (ETFs included) or {@code /crypto/}. */
public enum AssetClass {
    EQUITY("equity"),
    CRYPTO("crypto");

    private final String wireName;

    AssetClass(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in output records. */
    public String wireName() {
        return wireName;
    }
}
