package news.enricher.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProduceCommandTest {

    @Test
    void keysAnArticleBySlugThenByUrl() {
        assertThat(ProduceCommand.articleKey(bytes("{\"slug\":\"s\",\"url\":\"u\"}"))).isEqualTo("s");
        assertThat(ProduceCommand.articleKey(bytes("{\"slug\":\"\",\"url\":\"u\"}"))).isEqualTo("u");
        assertThat(ProduceCommand.articleKey(bytes("{\"slug\":7,\"url\":\"u\"}"))).isEqualTo("u");
    }

    @Test
    void leavesRecordsThatAreNoArticleUnkeyed() {
        assertThat(ProduceCommand.articleKey(bytes("not json"))).isNull();
        assertThat(ProduceCommand.articleKey(bytes("[1,2]"))).isNull();
        assertThat(ProduceCommand.articleKey(bytes("{\"title\":\"no id\"}"))).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
