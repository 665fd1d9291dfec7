package news.enricher.service;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadReplacementsTest {

    @Test
    void treatsAFailedTransactionOrARetriableErrorAsTransientAndABugOrARefusalNot() {
        assertThat(ThreadReplacements.isTransient(new StreamsException("Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state"))))
                .isTrue();
        assertThat(ThreadReplacements.isTransient(new StreamsException(new NotEnoughReplicasException("2 < 2"))))
                .isTrue();
        assertThat(ThreadReplacements.isTransient(new StreamsException(new IllegalStateException("a bug")))).isFalse();
        assertThat(ThreadReplacements.isTransient(new KafkaException(new SerializationException("bad")))).isFalse();
        assertThat(ThreadReplacements.isTransient(new TopicAuthorizationException(Set.of("t")))).isFalse();
    }

    @Test
    void treatsAnUnknownServerErrorEndingATransactionAsTransientButNoOtherUnhandledResponse() {
        // What the producer throws when the coordinator answers EndTxn with UNKNOWN_SERVER_ERROR.
        assertThat(ThreadReplacements.isTransient(new StreamsException("Error encountered trying to commit a transaction",
                new KafkaException("Unhandled error in EndTxnResponse: "
                        + Errors.UNKNOWN_SERVER_ERROR.message())))).isTrue();
        assertThat(ThreadReplacements.isTransient(new StreamsException("Error encountered trying to commit a transaction",
                new KafkaException("Unhandled error in EndTxnResponse: " + Errors.INVALID_REQUEST.message()))))
                .isFalse();
        assertThat(ThreadReplacements.isTransient(new KafkaException("Unhandled error in AddOffsetsToTxnResponse: "
                + Errors.UNKNOWN_SERVER_ERROR.message()))).isFalse();
    }

    @Test
    void replacesAtMostFiveThreadsInTenMinutes() {
        MutableClock clock = new MutableClock();
        ThreadReplacements replacements = new ThreadReplacements(clock);

        for (int i = 0; i < ThreadReplacements.MAX; i++) {
            assertThat(replacements.tryReplace()).isTrue();
            clock.now = clock.now.plusSeconds(60);
        }
        assertThat(replacements.tryReplace()).isFalse();

        // At 11:00 past the first, the first two (at 0:00 and 1:00) are out of the window: two more, no third.
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(replacements.tryReplace()).isTrue();
        assertThat(replacements.tryReplace()).isTrue();
        assertThat(replacements.tryReplace()).isFalse();
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
