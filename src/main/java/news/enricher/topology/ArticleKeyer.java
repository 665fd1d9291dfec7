package news.enricher.topology;

import news.enricher.article.ArticleReader;
import news.enricher.config.EnricherConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys raw articles by their id ahead of a repartition, for crawlers that key records some other way.
 * Validation happens here, before the repartition topic, so an invalid article is dead-lettered with the bytes
 * and key it arrived with.
 */
final class ArticleKeyer implements Processor<String, byte[], String, byte[]> {

    private final ArticleReader reader;
    private final EnricherEvents events;
    private ProcessorContext<String, byte[]> context;

    ArticleKeyer(EnricherConfig config, EnricherEvents events) {
        this.reader = new ArticleReader(config.topicMaxMessageBytes());
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            // A tombstone names no article once keys are not article ids; nothing downstream could use it.
            events.tombstoneSkipped();
            return;
        }
        context.forward(record.withKey(reader.read(record.value()).id()));
    }
}
