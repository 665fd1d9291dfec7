package news.enricher.article;

/**
 * Where an input's JSON object sits in the bytes it came in, so that a copy can repeat the input's own fields byte
 * for byte and append its own before the closing brace.
 *
 * @param bytes           the whole input, not copied: it must not be changed while this is in use
 * @param start           index of the opening {@code {}
 * @param end             index of the closing {@code }}
 * @param fields          how many top-level fields the object has
 * @param namesAddedField whether a top-level field is named like a field the enricher adds; such an input cannot be
 *                        extended by appending, since the object would then name one field twice
 */
public record RawObject(byte[] bytes, int start, int end, int fields, boolean namesAddedField) {
}
