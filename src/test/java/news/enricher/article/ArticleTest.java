package news.enricher.article;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArticleTest {

    @Test
    void readsTheFieldsTheEnricherUses() {
        Article article = Article.parse(json("""
                {"slug":"s1","url":"https://x/1","title":"T","summary":"S","body_md":"B",
                 "topics":["AI Chips", 7, "ai-policy"],"updated_at":"2026-06-24 00:45:40.277842+00:00","extra":1}"""));

        assertThat(article.id()).isEqualTo("s1");
        assertThat(article.title()).isEqualTo("T");
        assertThat(article.summary()).isEqualTo("S");
        assertThat(article.bodyMd()).isEqualTo("B");
        assertThat(article.topics()).containsExactly("AI Chips", "ai-policy");
        assertThat(article.updatedAt()).contains(Instant.parse("2026-06-24T00:45:40.277842Z"));
        RawObject raw = article.raw();
        assertThat(new String(raw.bytes(), raw.start(), raw.end() + 1 - raw.start(), StandardCharsets.UTF_8))
                .startsWith("{\"slug\":\"s1\"").endsWith("\"extra\":1}");
        assertThat(raw.fields()).isEqualTo(8);
        assertThat(raw.namesAddedField()).isFalse();
    }

    @Test
    void findsTheObjectInsideSurroundingWhitespaceAndNotesAnAddedFieldName() {
        byte[] input = " \n{\"slug\":\"s\", \"theme\":\"mine\" }\n".getBytes(StandardCharsets.UTF_8);

        RawObject raw = Article.parse(input).raw();

        assertThat(raw.start()).isEqualTo(2);
        assertThat(raw.end()).isEqualTo(input.length - 2);
        assertThat(raw.fields()).isEqualTo(2);
        assertThat(raw.namesAddedField()).isTrue();
    }

    @Test
    void judgesMalformedJsonBeforeAnyFieldAndFieldsInAFixedOrder() {
        assertThatThrownBy(() -> Article.parse(json("{\"title\":1,\"slug\":\"s\"} {}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing token");
        assertThatThrownBy(() -> Article.parse(json("{\"title\":1,\"slug\":\"s\",\"slug\":\"t\"}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Duplicate field 'slug'");
        assertThatThrownBy(() -> Article.parse(json("{\"topics\":1,\"title\":2,\"slug\":3}")))
                .isInstanceOf(InvalidArticleException.class).hasMessageContaining("'slug' must be a string");
        assertThatThrownBy(() -> Article.parse(json("[{\"slug\":\"s\"}]")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not an object");
        assertThatThrownBy(() -> Article.parse(json("{\"slug\":\"s\",\"x\":\"a\u0001b\"}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Illegal unquoted character");
    }

    @Test
    void usesTheUrlAsIdWhenThereIsNoSlug() {
        assertThat(Article.parse(json("{\"url\":\"https://x/1\"}")).id()).isEqualTo("https://x/1");
        assertThat(Article.parse(json("{\"slug\":\"\",\"url\":\"https://x/2\"}")).id()).isEqualTo("https://x/2");
        assertThat(Article.parse(json("{\"slug\":null,\"url\":\"https://x/3\"}")).id()).isEqualTo("https://x/3");
    }

    @Test
    void treatsJsonNullAsAnAbsentField() {
        Article article = Article.parse(json("{\"slug\":\"s\",\"summary\":null,\"topics\":null}"));

        assertThat(article.summary()).isNull();
        assertThat(article.topics()).isEmpty();
    }

    @Test
    void rejectsAnArticleWithoutSlugOrUrl() {
        assertThatThrownBy(() -> Article.parse(json("{\"title\":\"T\"}")))
                .isInstanceOf(InvalidArticleException.class)
                .hasMessageContaining("slug").hasMessageContaining("url");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"slug\":\"s\",\"title\":42}                 | 'title' must be a string but is number",
        "{\"slug\":\"s\",\"summary\":[\"a\"]}          | 'summary' must be a string but is array",
        "{\"slug\":\"s\",\"body_md\":{\"md\":\"x\"}}   | 'body_md' must be a string but is object",
        "{\"slug\":true}                               | 'slug' must be a string but is boolean",
        "{\"slug\":\"s\",\"url\":1}                    | 'url' must be a string but is number",
        "{\"slug\":\"s\",\"topics\":\"ai\"}            | 'topics' must be an array but is string"
    })
    void rejectsWrongTypesWithAReadableReason(String event, String reason) {
        assertThatThrownBy(() -> Article.parse(json(event)))
                .isInstanceOf(InvalidArticleException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-06-24T00:45:40Z              | 2026-06-24T00:45:40Z",
        "2026-06-24 00:45:40.277842+00:00  | 2026-06-24T00:45:40.277842Z",
        "2026-06-24T02:45:40+02:00         | 2026-06-24T00:45:40Z",
        "2026-06-24T00:45:40               | 2026-06-24T00:45:40Z"
    })
    void readsUpdatedAtInTheFormsCrawlersWrite(String written, String instant) {
        Article article = Article.parse(json("{\"slug\":\"s\",\"updated_at\":\"" + written + "\"}"));

        assertThat(article.updatedAt()).contains(Instant.parse(instant));
    }

    @Test
    void ignoresAnUpdatedAtThatIsNoTimestamp() {
        for (String event : List.of("{\"slug\":\"s\",\"updated_at\":\"yesterday\"}",
                "{\"slug\":\"s\",\"updated_at\":1719190000}", "{\"slug\":\"s\"}")) {
            assertThat(Article.parse(json(event)).updatedAt()).as(event).isEmpty();
        }
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
