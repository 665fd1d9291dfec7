package news.enricher.article;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ThemesTest {

    private static final String PREFIX = "news.enriched.";
    private static final String FALLBACK = "uncategorized";

    @Test
    void normalizesSpellingsOfTheSameThemeToOneSlug() {
        assertThat(List.of("AI Chips", "ai_chips", " ai-chips ", "AI -- Chips!", "--ai chips--"))
                .extracting(Themes::normalize)
                .containsOnly("ai-chips");
    }

    @Test
    void givesAnAsciiTopicTheSameSlugAsTheGeneralPath() {
        java.util.Random random = new java.util.Random(20261203);
        String alphabet = "aZz09 -_.!/\t\u0000AI Chips--";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder topic = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                topic.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(Themes.normalize(topic.toString())).as("'%s'", topic)
                    .isEqualTo(Themes.anyScript(topic.toString()));
        }
        assertThat(Themes.normalize("-- AI  Chips!--")).isEqualTo("ai-chips");
    }

    @Test
    void stripsAccents() {
        assertThat(Themes.normalize("IA Générative")).isEqualTo("ia-generative");
        assertThat(Themes.normalize("Économie Française")).isEqualTo("economie-francaise");
    }

    @Test
    void leavesNothingForTopicsWithoutLettersOrDigits() {
        assertThat(Themes.normalize("  ")).isEmpty();
        assertThat(Themes.normalize("!!! ---")).isEmpty();
        assertThat(Themes.normalize("日本")).isEmpty();
    }

    @Test
    void routesEachDistinctThemeOnceInTopicOrder() {
        List<String> themes = Themes.route(List.of("AI Chips", "ai-policy", "ai_chips", "", "AI Policy"),
                Set.of(), FALLBACK, PREFIX);

        assertThat(themes).containsExactly("ai-chips", "ai-policy");
    }

    @Test
    void fallsBackWhenNoThemeIsUsable() {
        assertThat(Themes.route(List.of(), Set.of(), FALLBACK, PREFIX)).containsExactly(FALLBACK);
        assertThat(Themes.route(List.of(" ", "???"), Set.of(), FALLBACK, PREFIX)).containsExactly(FALLBACK);
    }

    @Test
    void sendsThemesOutsideTheAllowlistToTheFallbackOnce() {
        List<String> themes = Themes.route(List.of("crypto", "ai-chips", "memes", "gossip"),
                Set.of("ai-chips"), FALLBACK, PREFIX);

        assertThat(themes).containsExactly(FALLBACK, "ai-chips");
    }

    @Test
    void skipsThemesTooLongForAKafkaTopicName() {
        String tooLong = "a".repeat(Themes.MAX_TOPIC_NAME_LENGTH - PREFIX.length() + 1);
        String longest = "b".repeat(Themes.MAX_TOPIC_NAME_LENGTH - PREFIX.length());

        assertThat(Themes.route(List.of(tooLong, longest), Set.of(), FALLBACK, PREFIX)).containsExactly(longest);
    }

    @Test
    void capsTheNumberOfThemesOfOneArticle() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            many.add("theme " + i);
        }

        List<String> themes = Themes.route(Collections.unmodifiableList(many), Set.of(), FALLBACK, PREFIX);

        assertThat(themes).hasSize(Themes.MAX_THEMES_PER_ARTICLE).startsWith("theme-0", "theme-1");
    }
}
