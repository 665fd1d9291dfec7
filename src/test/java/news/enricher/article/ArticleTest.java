package news.enricher.article;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArticleTest {

    @Test
    void readsTheFieldsTheEnricherUses() {
        Article article = Article.from(json("""
                {"slug":"s1","url":"https://x/1","title":"T","summary":"S","body_md":"B",
                 "topics":["AI Chips", 7, "ai-policy"],"updated_at":"2026-06-24 00:45:40.277842+00:00","extra":1}"""));

        assertThat(article.id()).isEqualTo("s1");
        assertThat(article.title()).isEqualTo("T");
        assertThat(article.summary()).isEqualTo("S");
        assertThat(article.bodyMd()).isEqualTo("B");
        assertThat(article.topics()).containsExactly("AI Chips", "ai-policy");
        assertThat(article.updatedAt()).contains(Instant.parse("2026-06-24T00:45:40.277842Z"));
        assertThat(article.raw().get("extra").intValue()).isEqualTo(1);
    }

    @Test
    void usesTheUrlAsIdWhenThereIsNoSlug() {
        assertThat(Article.from(json("{\"url\":\"https://x/1\"}")).id()).isEqualTo("https://x/1");
        assertThat(Article.from(json("{\"slug\":\"\",\"url\":\"https://x/2\"}")).id()).isEqualTo("https://x/2");
        assertThat(Article.from(json("{\"slug\":null,\"url\":\"https://x/3\"}")).id()).isEqualTo("https://x/3");
    }

    @Test
    void treatsJsonNullAsAnAbsentField() {
        Article article = Article.from(json("{\"slug\":\"s\",\"summary\":null,\"topics\":null}"));

        assertThat(article.summary()).isNull();
        assertThat(article.topics()).isEmpty();
    }

    @Test
    void rejectsAnArticleWithoutSlugOrUrl() {
        assertThatThrownBy(() -> Article.from(json("{\"title\":\"T\"}")))
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
        assertThatThrownBy(() -> Article.from(json(event)))
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
        Article article = Article.from(json("{\"slug\":\"s\",\"updated_at\":\"" + written + "\"}"));

        assertThat(article.updatedAt()).contains(Instant.parse(instant));
    }

    @Test
    void ignoresAnUpdatedAtThatIsNoTimestamp() {
        for (String event : List.of("{\"slug\":\"s\",\"updated_at\":\"yesterday\"}",
                "{\"slug\":\"s\",\"updated_at\":1719190000}", "{\"slug\":\"s\"}")) {
            assertThat(Article.from(json(event)).updatedAt()).as(event).isEmpty();
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
