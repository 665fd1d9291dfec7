package news.enricher.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds reference-style link usages ({@code [text][label]}, {@code [text][]}, {@code [text]}) of known labels in one
 * forward pass with a bounded stack of open brackets, so the pass is linear whatever the bracket structure.
 */
final class ReferenceUsages {

    /**
     * @param position  index of the {@code ]} closing the link text; orders the usage among other links
     * @param textStart start of the link text (inclusive)
     * @param textEnd   end of the link text (exclusive)
     * @param label     normalized label
     * @param linkText  anchor text to report, or null
     */
    record Usage(int position, int textStart, int textEnd, String label, String linkText) {
    }

    private ReferenceUsages() {
    }

    static List<Usage> find(String text, Set<String> labels) {
        List<Usage> usages = new ArrayList<>();
        OpenBrackets opens = new OpenBrackets();
        int lastBracket = -1;
        boolean lineHasContent = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (!lineHasContent) {
                    opens.clear();
                }
                lineHasContent = false;
                continue;
            }
            if (!Chars.isSpace(c)) {
                lineHasContent = true;
            }
            if ((c != '[' && c != ']') || Markdown.isEscaped(text, i)) {
                continue;
            }
            int previousBracket = lastBracket;
            lastBracket = i;
            if (c == '[') {
                opens.push(i);
                continue;
            }
            if (opens.isEmpty()) {
                continue;
            }
            int open = opens.pop();
            if (i - open - 1 > Markdown.MAX_LINK_TEXT) {
                continue;
            }
            // Only an innermost pair can be a label: labels hold no brackets. This also keeps the label work linear.
            boolean innermost = previousBracket == open;
            int next = i + 1;
            char after = next < text.length() ? text.charAt(next) : 0;
            if (after == '(') {
                // An inline link; like CommonMark, an enclosing bracket can no longer become a link.
                opens.clear();
            } else if (after == '[') {
                int labelEnd = labelEnd(text, next);
                if (labelEnd < 0) {
                    continue;
                }
                boolean collapsed = labelEnd == next + 1;
                if (collapsed && !innermost) {
                    continue;
                }
                String label = Markdown.normalizeLabel(collapsed
                        ? text.subSequence(open + 1, i)
                        : text.subSequence(next + 1, labelEnd));
                if (labels.contains(label)) {
                    usages.add(usage(text, open, i, label));
                    opens.clear();
                    i = labelEnd;
                    lastBracket = labelEnd;
                }
            } else if (innermost && !(after == ':' && Markdown.startsLine(text, open))) {
                String label = Markdown.normalizeLabel(text.subSequence(open + 1, i));
                if (labels.contains(label)) {
                    usages.add(usage(text, open, i, label));
                    opens.clear();
                }
            }
        }
        return usages;
    }

    private static Usage usage(String text, int open, int close, String label) {
        return new Usage(close, open + 1, close, label, Markdown.anchorText(text.substring(open + 1, close)));
    }

    /** Index of the {@code ]} ending the label that opens at {@code open}, or -1. */
    private static int labelEnd(String text, int open) {
        for (int i = open + 1; i < text.length() && i - open <= Markdown.MAX_LABEL + 1; i++) {
            char c = text.charAt(i);
            if ((c == '[' || c == ']') && !Markdown.isEscaped(text, i)) {
                return c == ']' ? i : -1;
            }
        }
        return -1;
    }

    /**
     * A stack of open-bracket positions that keeps only the newest {@link #CAPACITY}. Dropping older ones loses
     * nothing: with that many newer brackets in between, an older one is more than {@link Markdown#MAX_LINK_TEXT}
     * characters away and could not open a link text anyway.
     */
    private static final class OpenBrackets {
        static final int CAPACITY = 512;
        private final int[] positions = new int[CAPACITY];
        private int top = -1;
        private int size;

        void push(int position) {
            top = (top + 1) % CAPACITY;
            positions[top] = position;
            size = Math.min(size + 1, CAPACITY);
        }

        int pop() {
            int position = positions[top];
            top = (top - 1 + CAPACITY) % CAPACITY;
            size--;
            return position;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void clear() {
            size = 0;
        }
    }
}
