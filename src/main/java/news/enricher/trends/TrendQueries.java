package news.enricher.trends;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The questions the HTTP API answers, over the published trend records. "The current window" is the latest window
 * any record is in: replayed or quiet data still has one, and every instance holding the same records agrees on it.
 */
public final class TrendQueries {

    private final TrendSource source;
    private final long windowMs;

    public TrendQueries(TrendSource source, long windowMs) {
        this.source = source;
        this.windowMs = windowMs;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Top(@JsonProperty("theme") String theme,
                      @JsonProperty("window_start") String windowStart,
                      @JsonProperty("window_end") String windowEnd,
                      @JsonProperty("tickers") List<Ranked> tickers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ranked(@JsonProperty("symbol") String symbol,
                         @JsonProperty("asset_class") String assetClass,
                         @JsonProperty("known") boolean known,
                         @JsonProperty("articles") long articles,
                         @JsonProperty("mentions") long mentions,
                         @JsonProperty("last_article_id") String lastArticleId,
                         @JsonProperty("history") List<Long> history) {
    }

    public record Ticker(@JsonProperty("symbol") String symbol,
                         @JsonProperty("theme") String theme,
                         @JsonProperty("windows") List<TickerWindow> windows) {
    }

    public record TickerWindow(@JsonProperty("window_start") String windowStart,
                               @JsonProperty("window_end") String windowEnd,
                               @JsonProperty("themes") List<ThemeCount> themes) {
    }

    public record ThemeCount(@JsonProperty("theme") String theme,
                             @JsonProperty("articles") long articles,
                             @JsonProperty("mentions") long mentions) {
    }

    public record Unknown(@JsonProperty("symbol") String symbol,
                          @JsonProperty("asset_class") String assetClass,
                          @JsonProperty("articles") long articles,
                          @JsonProperty("mentions") long mentions,
                          @JsonProperty("themes") List<String> themes,
                          @JsonProperty("last_window_start") String lastWindowStart) {
    }

    public record Unknowns(@JsonProperty("symbols") List<Unknown> symbols) {
    }

    public record Themes(@JsonProperty("window_start") String windowStart,
                         @JsonProperty("window_end") String windowEnd,
                         @JsonProperty("themes") List<ThemeSummary> themes) {
    }

    public record ThemeSummary(@JsonProperty("theme") String theme,
                               @JsonProperty("tickers") long tickers,
                               @JsonProperty("mentions") long mentions) {
    }

    /** The latest window with any count, as its ISO start. */
    public Optional<String> currentWindow() {
        String[] latest = {null};
        source.forEach("", r -> {
            if (latest[0] == null || r.windowStart().compareTo(latest[0]) > 0) {
                latest[0] = r.windowStart();
            }
        });
        return Optional.ofNullable(latest[0]);
    }

    /**
     * The tickers of {@code theme} in the window starting at {@code windowStart} (empty: the current one), ranked by
     * articles, then mentions, then symbol; each with its articles in the {@code history} windows up to that one.
     */
    public Top top(String theme, Optional<String> windowStart, int limit, int history) {
        Optional<String> window = windowStart.isPresent() ? windowStart : currentWindow();
        if (window.isEmpty()) {
            return new Top(theme, null, null, List.of());
        }
        List<String> span = span(window.get(), history);
        Map<String, TrendRecord> inWindow = new HashMap<>();
        Map<String, Map<String, Long>> articlesBySymbol = new HashMap<>();
        source.forEach(theme + '|', r -> {
            if (r.windowStart().equals(window.get())) {
                inWindow.put(r.symbol(), r);
            }
            if (history > 0 && span.contains(r.windowStart())) {
                articlesBySymbol.computeIfAbsent(r.symbol(), s -> new HashMap<>()).put(r.windowStart(), r.articles());
            }
        });
        List<Ranked> ranked = inWindow.values().stream()
                .sorted(Comparator.comparingLong(TrendRecord::articles).reversed()
                        .thenComparing(Comparator.comparingLong(TrendRecord::mentions).reversed())
                        .thenComparing(TrendRecord::symbol))
                .limit(limit)
                .map(r -> new Ranked(r.symbol(), r.assetClass(), r.known(), r.articles(), r.mentions(),
                        r.lastArticleId(), history == 0 ? null : span.stream()
                        .map(w -> articlesBySymbol.getOrDefault(r.symbol(), Map.of()).getOrDefault(w, 0L))
                        .toList()))
                .toList();
        return new Top(theme, window.get(), end(window.get()), ranked);
    }

    /**
     * {@code symbol}'s counts in the {@code last} windows up to the current one, oldest first, windows without a
     * count included; in {@code theme} only, or in every theme.
     */
    public Ticker ticker(String symbol, Optional<String> theme, int last) {
        Optional<String> current = currentWindow();
        if (current.isEmpty()) {
            return new Ticker(symbol, theme.orElse(null), List.of());
        }
        List<String> span = span(current.get(), last);
        Map<String, List<ThemeCount>> byWindow = new LinkedHashMap<>();
        span.forEach(w -> byWindow.put(w, new ArrayList<>()));
        source.forEach(theme.map(t -> t + '|' + symbol + '|').orElse(""), r -> {
            if (r.symbol().equals(symbol) && byWindow.containsKey(r.windowStart())) {
                byWindow.get(r.windowStart()).add(new ThemeCount(r.theme(), r.articles(), r.mentions()));
            }
        });
        List<TickerWindow> windows = new ArrayList<>();
        byWindow.forEach((w, counts) -> {
            counts.sort(Comparator.comparing(ThemeCount::theme));
            windows.add(new TickerWindow(w, end(w), counts));
        });
        return new Ticker(symbol, theme.orElse(null), windows);
    }

    /**
     * The symbols counted as unknown, over every window kept. An article is counted once per theme it is in, so a
     * window contributes the largest of its per-theme counts: exact when the articles of a symbol share their themes,
     * a lower bound of the distinct articles otherwise.
     */
    public Unknowns unknown(int limit) {
        Map<String, Map<String, long[]>> bySymbolWindow = new HashMap<>();
        Map<String, TreeSet<String>> themes = new HashMap<>();
        Map<String, String> assetClass = new HashMap<>();
        source.forEach("", r -> {
            if (r.known()) {
                return;
            }
            long[] max = bySymbolWindow.computeIfAbsent(r.symbol(), s -> new TreeMap<>())
                    .computeIfAbsent(r.windowStart(), w -> new long[2]);
            max[0] = Math.max(max[0], r.articles());
            max[1] = Math.max(max[1], r.mentions());
            themes.computeIfAbsent(r.symbol(), s -> new TreeSet<>()).add(r.theme());
            assetClass.put(r.symbol(), r.assetClass());
        });
        List<Unknown> unknown = new ArrayList<>();
        bySymbolWindow.forEach((symbol, windows) -> unknown.add(new Unknown(symbol, assetClass.get(symbol),
                windows.values().stream().mapToLong(m -> m[0]).sum(),
                windows.values().stream().mapToLong(m -> m[1]).sum(),
                List.copyOf(themes.get(symbol)), ((TreeMap<String, long[]>) windows).lastKey())));
        unknown.sort(Comparator.comparingLong(Unknown::articles).reversed()
                .thenComparing(Comparator.comparingLong(Unknown::mentions).reversed())
                .thenComparing(Unknown::symbol));
        return new Unknowns(unknown.subList(0, Math.min(limit, unknown.size())));
    }

    /** The themes with counts in the current window, by name, with how many tickers and mentions each has. */
    public Themes themes() {
        Optional<String> current = currentWindow();
        if (current.isEmpty()) {
            return new Themes(null, null, List.of());
        }
        Map<String, long[]> byTheme = new TreeMap<>();
        source.forEach("", r -> {
            if (r.windowStart().equals(current.get())) {
                long[] t = byTheme.computeIfAbsent(r.theme(), x -> new long[2]);
                t[0]++;
                t[1] += r.mentions();
            }
        });
        List<ThemeSummary> themes = new ArrayList<>();
        byTheme.forEach((theme, t) -> themes.add(new ThemeSummary(theme, t[0], t[1])));
        return new Themes(current.get(), end(current.get()), themes);
    }

    /** Whether {@code isoStart} is the start of a window, as {@code window} parameters must be. */
    public boolean isWindowStart(Instant start) {
        return start.toEpochMilli() % windowMs == 0;
    }

    /** The {@code count} windows ending with the one starting at {@code lastStart}, oldest first. */
    private List<String> span(String lastStart, int count) {
        long last = Instant.parse(lastStart).toEpochMilli();
        List<String> span = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            span.add(Instant.ofEpochMilli(last - i * windowMs).toString());
        }
        return span;
    }

    private String end(String start) {
        return Instant.ofEpochMilli(Instant.parse(start).toEpochMilli() + windowMs).toString();
    }
}
