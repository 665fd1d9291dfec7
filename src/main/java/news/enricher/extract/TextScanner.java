package news.enricher.extract;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds every robinhood ticker link in one text, in order of appearance. */
final class TextScanner {

    /**
     * One counted link.
     *
     * @param linkText anchor text to report, or null
     */
    record Link(String symbol, AssetClass assetClass, String linkText) {
    }

    private record Occurrence(RobinhoodUrl url, LinkContext context) {
    }

    private TextScanner() {
    }

    static List<Link> scan(String text) {
        List<Occurrence> occurrences = new ArrayList<>();
        // Anchor text regions: a robinhood URL written as the visible text of a link is part of that link.
        BitSet inAnchorText = new BitSet();
        Map<String, Integer> definitionByLabel = new HashMap<>();

        for (int h = RobinhoodUrl.indexOfHost(text, 0); h >= 0; h = RobinhoodUrl.indexOfHost(text, h + 1)) {
            RobinhoodUrl url = RobinhoodUrl.parseAt(text, h).orElse(null);
            if (url == null) {
                continue;
            }
            LinkContext context = LinkContext.around(text, url);
            if (context.hasTextRegion()) {
                inAnchorText.set(context.textStart(), context.textEnd());
            }
            if (context.kind() == LinkContext.Kind.DEFINITION) {
                // The first definition of a label wins, as in CommonMark.
                definitionByLabel.putIfAbsent(context.label(), occurrences.size());
            }
            occurrences.add(new Occurrence(url, context));
        }

        List<ReferenceUsages.Usage> usages = definitionByLabel.isEmpty()
                ? List.of()
                : ReferenceUsages.find(text, definitionByLabel.keySet());
        boolean[] definitionUsed = new boolean[occurrences.size()];
        for (ReferenceUsages.Usage usage : usages) {
            inAnchorText.set(usage.textStart(), usage.textEnd());
            definitionUsed[definitionByLabel.get(usage.label())] = true;
        }

        // Both lists are already in text order, so a merge keeps the whole scan linear.
        List<Link> links = new ArrayList<>();
        int o = 0;
        int u = 0;
        while (o < occurrences.size() || u < usages.size()) {
            boolean takeUsage = o == occurrences.size()
                    || (u < usages.size() && usages.get(u).position() < occurrences.get(o).url().start());
            if (takeUsage) {
                ReferenceUsages.Usage usage = usages.get(u++);
                if (!inAnchorText.get(usage.position())) {
                    RobinhoodUrl target = occurrences.get(definitionByLabel.get(usage.label())).url();
                    links.add(new Link(target.symbol(), target.assetClass(), usage.linkText()));
                }
            } else {
                int index = o++;
                Occurrence occurrence = occurrences.get(index);
                if (!inAnchorText.get(occurrence.url().start()) && !definitionUsed[index]) {
                    RobinhoodUrl url = occurrence.url();
                    links.add(new Link(url.symbol(), url.assetClass(), occurrence.context().linkText()));
                }
            }
        }
        return links;
    }
}
