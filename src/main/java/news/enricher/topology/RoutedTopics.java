package news.enricher.topology;

import news.enricher.enrich.Output;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/** Dynamic routing: each output record names its own topic (a themed topic or the unknown-tickers topic). */
final class RoutedTopics implements TopicNameExtractor<String, Output> {

    @Override
    public String extract(String key, Output value, RecordContext recordContext) {
        return value.topic();
    }
}
