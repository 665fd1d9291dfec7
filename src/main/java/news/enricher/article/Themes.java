package news.enricher.article;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns an article's {@code topics} into the themes it is published under. */
public final class Themes {

    /**
     * Kafka topic names are limited to 249 characters; a theme that cannot fit behind the prefix is not usable.
     * Past {@link #MAX_THEMES_PER_ARTICLE} themes, further ones are ignored so that one hostile article cannot
     * create thousands of topics.
     */
    static final int MAX_TOPIC_NAME_LENGTH = 249;
    public static final int MAX_THEMES_PER_ARTICLE = 20;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");

    private Themes() {
    }

    /**
     * {@code "AI Chips"}, {@code "ai_chips"} and {@code " ai-chips "} are all {@code ai-chips};
     * {@code "IA Générative"} is {@code ia-generative}. Returns an empty string when nothing usable is left.
     */
    public static String normalize(String topic) {
        String ascii = asciiSlug(topic);
        return ascii != null ? ascii : anyScript(topic);
    }

    /**
     * The same slug for an all-ASCII topic (the usual case), in one pass without regex or decomposition, which
     * change nothing in ASCII; null for any other topic.
     */
    private static String asciiSlug(String topic) {
        char[] slug = new char[topic.length()];
        int length = 0;
        boolean dash = false;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                if (dash && length > 0) {
                    slug[length++] = '-';
                }
                dash = false;
                slug[length++] = c;
            } else {
                dash = true;
            }
        }
        return new String(slug, 0, length);
    }

    /** The general slug: decomposed, marks dropped; {@link #normalize} gives the same for ASCII topics. */
    static String anyScript(String topic) {
        String decomposed = Normalizer.normalize(topic, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        String slug = NOT_SLUG.matcher(plain).replaceAll("-");
        int start = 0;
        int end = slug.length();
        while (start < end && slug.charAt(start) == '-') {
            start++;
        }
        while (end > start && slug.charAt(end - 1) == '-') {
            end--;
        }
        return slug.substring(start, end);
    }

    /**
     * The distinct usable themes of an article in the order of its topics; themes outside a non-empty allowlist,
     * and articles with none left, go to the fallback theme.
     */
    public static List<String> route(List<String> topics, Set<String> allowlist, String fallback, String topicPrefix) {
        int maxLength = MAX_TOPIC_NAME_LENGTH - topicPrefix.length();
        Set<String> themes = new LinkedHashSet<>();
        for (String topic : topics) {
            if (themes.size() == MAX_THEMES_PER_ARTICLE) {
                break;
            }
            String theme = normalize(topic);
            if (theme.isEmpty() || theme.length() > maxLength) {
                continue;
            }
            themes.add(allowlist.isEmpty() || allowlist.contains(theme) ? theme : fallback);
        }
        if (themes.isEmpty()) {
            themes.add(fallback);
        }
        return new ArrayList<>(themes);
    }
}
