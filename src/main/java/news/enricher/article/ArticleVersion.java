package news.enricher.article;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The version of an article last published, as kept in the dedup state store.
 *
 * @param updatedAtIso {@code updated_at} as an ISO instant, or null when the article had none
 * @param contentHash  hash of title, summary, body and topics (what changes the enriched output), kept only for
 *                     articles without {@code updated_at}
 * @param seenAtMs     stream time when it was stored, for the retention
 * @param source       the input record the version was read from, or null when unknown (values stored before it
 *                     was kept, or no record metadata): it tells a replay of that record from a re-crawl
 */
public record ArticleVersion(@JsonProperty("updated_at") String updatedAtIso,
                             @JsonProperty("content_hash") String contentHash,
                             @JsonProperty("seen_at_ms") long seenAtMs,
                             @JsonProperty("source") Source source) {

    /** Where a record sits in its topic; Kafka never gives the same position to two records of a topic. */
    public record Source(@JsonProperty("topic") String topic,
                         @JsonProperty("partition") int partition,
                         @JsonProperty("offset") long offset) {
    }

    public static ArticleVersion of(Article article, long seenAtMs, Source source) {
        // Hashing a large body costs more than the rest of the checks, and a timestamp makes it unnecessary.
        return article.updatedAt()
                .map(at -> new ArticleVersion(at.toString(), null, seenAtMs, source))
                .orElseGet(() -> new ArticleVersion(null, contentHash(article), seenAtMs, source));
    }

    @JsonIgnore
    public Optional<Instant> updatedAt() {
        // Written by Instant.toString, so the common form always reads it, without a formatter.
        return updatedAtIso == null ? Optional.empty() : Timestamps.parse(updatedAtIso);
    }

    static String contentHash(Article article) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {article.title(), article.summary(), article.bodyMd()}) {
                update(digest, part);
            }
            for (String topic : article.topics()) {
                update(digest, topic);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    // Length-prefixed so that ("ab", "c") and ("a", "bc") hash differently, and null differs from "".
    private static void update(MessageDigest digest, String part) {
        if (part == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }
}
