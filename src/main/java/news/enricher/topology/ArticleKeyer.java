package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.article.Article;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys raw articles by their id ahead of a repartition, for crawlers that key records some other way.
 * Validation happens here, before the repartition topic, so an invalid article is dead-lettered with the bytes
 * and key it arrived with.
 */
final class ArticleKeyer implements Processor<String, ObjectNode, String, ObjectNode> {

    private final EnricherEvents events;
    private ProcessorContext<String, ObjectNode> context;

    ArticleKeyer(EnricherEvents events) {
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, ObjectNode> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ObjectNode> record) {
        if (record.value() == null) {
            // A tombstone names no article once keys are not article ids; nothing downstream could use it.
            events.tombstoneSkipped();
            return;
        }
        context.forward(record.withKey(Article.from(record.value()).id()));
    }
}
