package news.enricher.trends;

import news.enricher.extract.AssetClass;

/**
 * One task's share of a count: the articles of its partitions only. Each task sends the latest value of its share
 * rather than every change, so the counting downstream can replace it, and sending it twice changes nothing.
 *
 * @param source        the partition of the task that counted it
 * @param lastArticleId the latest published article counted into it (by event time, then id), or null when this
 *                      task only took some back: chosen so, not by arrival, it does not depend on how the articles
 *                      are spread over partitions, and any run of the same articles names the same one
 * @param lastArticleMs that article's event time
 * @param updatedAtMs   when it last changed, wall clock
 */
public record TaskPartial(int source, long articles, long mentions, AssetClass assetClass, boolean known,
                          String lastArticleId, long lastArticleMs, long updatedAtMs) {

    public static TaskPartial empty(int source) {
        return new TaskPartial(source, 0, 0, null, false, null, Long.MIN_VALUE, 0);
    }

    public TaskPartial plus(TrendDiff.Change change, String articleId, long eventTimeMs, long nowMs) {
        boolean counted = change.articles() > 0 || (change.articles() == 0 && change.mentions() != 0);
        boolean later = counted && isLater(eventTimeMs, articleId, lastArticleMs, lastArticleId);
        return new TaskPartial(source, articles + change.articles(), mentions + change.mentions(),
                change.ticker().assetClass(), change.ticker().known(),
                later ? articleId : lastArticleId, later ? eventTimeMs : lastArticleMs, nowMs);
    }

    static boolean isLater(long timeMs, String id, long thanMs, String thanId) {
        return thanId == null || timeMs > thanMs || (timeMs == thanMs && id.compareTo(thanId) > 0);
    }

    public boolean isZero() {
        return articles == 0 && mentions == 0;
    }
}
