package news.enricher.trends;

import news.enricher.extract.AssetClass;

/**
 * One task's share of a count: the articles of its partitions only. Each task sends the latest value of its share
 * rather than every change, so the counting downstream can replace it, and sending it twice changes nothing.
 *
 * @param source        the partition of the task that counted it
 * @param lastArticleId the article most recently counted into it, or null when this task only took some back
 * @param updatedAtMs   when it last changed, wall clock
 */
public record TaskPartial(int source, long articles, long mentions, AssetClass assetClass, boolean known,
                          String lastArticleId, long updatedAtMs) {

    public static TaskPartial empty(int source) {
        return new TaskPartial(source, 0, 0, null, false, null, 0);
    }

    public TaskPartial plus(TrendDiff.Change change, String articleId, long nowMs) {
        boolean counted = change.articles() > 0 || (change.articles() == 0 && change.mentions() != 0);
        return new TaskPartial(source, articles + change.articles(), mentions + change.mentions(),
                change.ticker().assetClass(), change.ticker().known(),
                counted ? articleId : lastArticleId, nowMs);
    }

    public boolean isZero() {
        return articles == 0 && mentions == 0;
    }
}
