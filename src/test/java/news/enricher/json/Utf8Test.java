package news.enricher.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    @Test
    void acceptsEveryWellFormedSequenceLengthUpToTheLastCodePoint() {
        String text = "{\"a\":\"ascii é € 𝄞 \uD83D\uDE80 \uFFFD \uDBFF\uDFFF\"}";

        assertThat(Utf8.firstInvalid(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // hex bytes after the 2-byte prefix "ab", why it is ill-formed
        "C0AF,      overlong slash",
        "C180,      overlong 2-byte form of U+0040",
        "E080AF,    overlong 3-byte slash",
        "F08080AF,  overlong 4-byte slash",
        "EDA080,    encoded high surrogate",
        "EDBFBF,    encoded low surrogate",
        "F4908080,  above U+10FFFF",
        "F5808080,  lead byte above F4",
        "FF,        never a UTF-8 byte",
        "80,        continuation without a lead",
        "C3,        truncated at the end",
        "E282,      truncated 3-byte sequence",
        "E2822C,    3-byte sequence broken by ASCII",
        "00,        NUL, as in UTF-16 text"
    })
    void pointsAtTheFirstByteOfAnIllFormedSequence(String hex, String why) {
        byte[] tail = HexFormat.of().parseHex(hex.strip());
        byte[] bytes = new byte[2 + tail.length];
        bytes[0] = 'a';
        bytes[1] = 'b';
        System.arraycopy(tail, 0, bytes, 2, tail.length);

        assertThat(Utf8.firstInvalid(bytes)).as(why).isEqualTo(2);
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(20261124);
        byte[] pool = HexFormat.of().parseHex("4122C0C1C2DFE0E1ECEDEEEFF0F1F3F4F5FF808F909FA0BF");
        int invalid = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = pool[random.nextInt(pool.length)];
            }
            boolean jdk = jdkAccepts(bytes);
            invalid += jdk ? 0 : 1;

            assertThat(Utf8.firstInvalid(bytes) == -1).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
        }
        assertThat(invalid).as("the corpus exercises both outcomes").isBetween(1_000, 199_000);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void findsAnIllFormedOrNulByteAtEveryPositionOfALongAsciiRun() {
        for (int at = 0; at < 40; at++) {
            byte[] nul = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV".getBytes(StandardCharsets.US_ASCII);
            nul[at] = 0;
            byte[] overlong = nul.clone();
            overlong[at] = (byte) 0xC0;
            byte[] wellFormed = nul.clone();
            wellFormed[at] = (byte) 0xC3;
            wellFormed[at + 1] = (byte) 0xA9;

            assertThat(Utf8.firstInvalid(nul)).as("NUL at %d", at).isEqualTo(at);
            assertThat(Utf8.firstInvalid(overlong)).as("C0 at %d", at).isEqualTo(at);
            assertThat(Utf8.firstInvalid(wellFormed)).as("é at %d", at).isEqualTo(-1);
        }
    }
}
