package news.enricher.trends;

import news.enricher.enrich.TickerCount;
import news.enricher.extract.AssetClass;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compact binary forms of the shares in flight, the totals and the articles' contributions in the stores. Internal records only: a few of each
 * per (theme, ticker, window) and commit, where JSON cost more than the counting itself. The first byte is a
 * format version.
 */
public final class TrendSerdes {

    private static final byte VERSION = 1;

    private TrendSerdes() {
    }

    public static Serde<TrendShares> shares() {
        return Serdes.serdeFrom(serializer(TrendSerdes::writeShares), deserializer(TrendSerdes::readShares));
    }

    public static Serde<TrendTotal> totals() {
        return Serdes.serdeFrom(serializer(TrendSerdes::writeTotal), deserializer(TrendSerdes::readTotal));
    }

    public static Serde<Contribution> contributions() {
        return Serdes.serdeFrom(serializer(TrendSerdes::writeContribution),
                deserializer(TrendSerdes::readContribution));
    }

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> Serializer<T> serializer(Writer<T> writer) {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                writer.write(out, value);
            } catch (IOException e) {
                throw new SerializationException("Cannot write a trend record", e);
            }
            return bytes.toByteArray();
        };
    }

    private static <T> Deserializer<T> deserializer(Reader<T> reader) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("Unknown trend record format " + version);
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new SerializationException("Cannot read a trend record", e);
            }
        };
    }

    private static void writeShares(DataOutputStream out, TrendShares shares) throws IOException {
        out.writeInt(shares.shares().size());
        for (TrendShares.Keyed keyed : shares.shares()) {
            writeString(out, keyed.key());
            TaskPartial p = keyed.share();
            out.writeInt(p.source());
            out.writeLong(p.articles());
            out.writeLong(p.mentions());
            writeAssetClass(out, p.assetClass());
            out.writeBoolean(p.known());
            writeString(out, p.lastArticleId());
            out.writeLong(p.lastArticleMs());
            out.writeLong(p.updatedAtMs());
        }
    }

    private static TrendShares readShares(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<TrendShares.Keyed> shares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = readString(in);
            shares.add(new TrendShares.Keyed(key, new TaskPartial(in.readInt(), in.readLong(), in.readLong(),
                    readAssetClass(in), in.readBoolean(), readString(in), in.readLong(), in.readLong())));
        }
        return new TrendShares(shares);
    }

    private static void writeTotal(DataOutputStream out, TrendTotal total) throws IOException {
        out.writeInt(total.shares().size());
        for (Map.Entry<Integer, long[]> share : total.shares().entrySet()) {
            out.writeInt(share.getKey());
            out.writeLong(share.getValue()[0]);
            out.writeLong(share.getValue()[1]);
        }
        writeAssetClass(out, total.assetClass());
        out.writeBoolean(total.known());
        writeString(out, total.lastArticleId());
        out.writeLong(total.lastArticleMs());
        out.writeLong(total.updatedAtMs());
    }

    private static TrendTotal readTotal(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<Integer, long[]> shares = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            shares.put(in.readInt(), new long[] {in.readLong(), in.readLong()});
        }
        return new TrendTotal(shares, readAssetClass(in), in.readBoolean(), readString(in), in.readLong(),
                in.readLong());
    }

    private static void writeContribution(DataOutputStream out, Contribution c) throws IOException {
        out.writeLong(c.windowStartMs());
        out.writeLong(c.eventTimeMs());
        out.writeInt(c.themes().size());
        for (String theme : c.themes()) {
            writeString(out, theme);
        }
        out.writeInt(c.tickers().size());
        for (TickerCount t : c.tickers()) {
            writeString(out, t.symbol());
            writeAssetClass(out, t.assetClass());
            out.writeBoolean(t.known());
            out.writeInt(t.mentions());
        }
    }

    private static Contribution readContribution(DataInputStream in) throws IOException {
        long windowStartMs = in.readLong();
        long eventTimeMs = in.readLong();
        int themeCount = in.readInt();
        List<String> themes = new ArrayList<>(themeCount);
        for (int i = 0; i < themeCount; i++) {
            themes.add(readString(in));
        }
        int tickerCount = in.readInt();
        List<TickerCount> tickers = new ArrayList<>(tickerCount);
        for (int i = 0; i < tickerCount; i++) {
            tickers.add(new TickerCount(readString(in), readAssetClass(in), in.readBoolean(), in.readInt()));
        }
        return new Contribution(windowStartMs, eventTimeMs, themes, tickers);
    }

    // Length-prefixed UTF-8, -1 for null: writeUTF would refuse an id over 64 KB, and ids come from the input.
    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void writeAssetClass(DataOutputStream out, AssetClass assetClass) throws IOException {
        out.writeByte(assetClass == null ? -1 : assetClass.ordinal());
    }

    private static AssetClass readAssetClass(DataInputStream in) throws IOException {
        int ordinal = in.readByte();
        return ordinal < 0 ? null : AssetClass.values()[ordinal];
    }
}
