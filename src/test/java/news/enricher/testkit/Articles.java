package news.enricher.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.Json;

import java.util.List;

/** Small raw articles for tests that count tickers. */
public final class Articles {

    private Articles() {
    }

    /**
     * An article linking to each of {@code symbols}' stock page once (a symbol twice links twice).
     *
     * @param publishedAt ISO instant or null; {@code updatedAt} likewise
     */
    public static String linking(String id, String publishedAt, String updatedAt, List<String> topics,
                                 String... symbols) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("slug", id);
        a.put("title", "Title of " + id);
        StringBuilder body = new StringBuilder();
        for (String s : symbols) {
            body.append("[").append(s).append(" Inc](https://robinhood.com/us/en/stocks/").append(s)
                    .append("/?source=sherwood) ");
        }
        a.put("body_md", body.toString());
        ArrayNode t = a.putArray("topics");
        topics.forEach(t::add);
        if (publishedAt != null) {
            a.put("published_at", publishedAt);
        }
        if (updatedAt != null) {
            a.put("updated_at", updatedAt);
        }
        return a.toString();
    }
}
