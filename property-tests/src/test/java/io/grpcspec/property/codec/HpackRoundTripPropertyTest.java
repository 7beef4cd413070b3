package io.grpcspec.property.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.EncoderState;
import io.grpcspec.hpack.HpackDecoder;
import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Many;
import io.grpcspec.property.engine.Property;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Header lists round-trip through one encoder and one decoder that live as long as a
 * connection: many blocks in a row, so both dynamic tables evolve (insertions, evictions,
 * references to old entries), interleaved with SETTINGS_HEADER_TABLE_SIZE changes (one or
 * several between two blocks, up and down, to zero and back). After every block both tables
 * must have the same size and limit, and the list must come back exactly, never-indexed marks
 * included.
 */
class HpackRoundTripPropertyTest {

    /** Names drawn from a small pool so that the dynamic table gets hits; a few static-table names among them. */
    private static final List<String> NAMES = List.of(":method", ":path", ":authority", "content-type", "te",
            "grpc-timeout", "grpc-encoding", "user-agent", "authorization", "cookie", "x-trace-bin", "x-user");
    private static final List<String> VALUES = List.of("POST", "/", "/helloworld.Greeter/SayHello", "application/grpc",
            "trailers", "1S", "gzip", "grpc-java/1.76", "Bearer abc", "id=1", "");

    static final Gen<String> NAME = src -> src.weighted(0.7) ? src.pick(NAMES)
            : src.draw(Gen.strings("abcdefghijklmnopqrstuvwxyz-0123456789", 1, 16));

    /** Values: pooled, short text, any Latin-1 octets, and now and then long enough to flush the table. */
    static final Gen<String> VALUE = src -> {
        int kind = src.choose(4);
        if (kind == 0) return src.pick(VALUES);
        if (kind == 1) return src.draw(Gen.strings("abcdefghij ABC/;=0123456789", 0, 24));
        if (kind == 2) {
            byte[] b = src.draw(Gen.byteArrays(0, 40));
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        int n = src.draw(100, 5000);
        return "v".repeat(n);
    };

    static final Gen<HeaderField> FIELD = src -> new HeaderField(src.draw(NAME), src.draw(VALUE), src.weighted(0.1));

    /** One step of a connection's life: a header block, or table-size changes acknowledged before the next block. */
    sealed interface Op permits Block, Resize {}

    record Block(List<HeaderField> fields) implements Op {}

    record Resize(List<Integer> sizes) implements Op {}

    static final Gen<Op> OP = src -> {
        if (src.weighted(0.15)) {
            List<Integer> sizes = new ArrayList<>();
            Many many = src.many(1, 3);
            while (many.more()) sizes.add(src.weighted(0.3) ? src.pick(List.of(0, 64, 4096)) : src.draw(0, 8192));
            return new Resize(sizes);
        }
        return new Block(src.draw(Gen.lists(FIELD, 0, 12)));
    };

    record Run(boolean huffman, long listLimit, List<Op> ops) {}

    static final Gen<Run> RUNS = src -> new Run(src.bool(),
            src.weighted(0.3) ? src.drawLong(0, 6000) : Long.MAX_VALUE,
            src.draw(Gen.lists(OP, 1, 60)));

    @Test
    @Checks({"HP-11", "HP-12", "HP-13", "HP-14"})
    void headerListsRoundTripWithEvolvingTables() {
        Property.forAll("hpack lists round-trip across blocks and table-size changes", RUNS).tries(400)
                .check((run, ctx) -> {
                    HpackEncoder encoder = new HpackEncoder(HpackDecoder.DEFAULT_TABLE_SIZE,
                            EncoderState.DEFAULT_TABLE_SIZE_CAP, run.huffman());
                    HpackDecoder decoder = new HpackDecoder(HpackDecoder.DEFAULT_TABLE_SIZE, run.listLimit());
                    int block = 0;
                    for (Op op : run.ops()) {
                        if (op instanceof Resize r) {
                            for (int size : r.sizes()) {
                                // the encoder applies the peer's setting, and the decoder's side sees it
                                // acknowledged, before the next block is written (RFC 9113 §6.5.3)
                                if (size < decoder.maxDynamicTableSize()) ctx.count("HP-11");
                                encoder.setMaxTableSize(size);
                                decoder.setMaxTableSize(size);
                            }
                            ctx.note("table size -> " + r.sizes());
                            continue;
                        }
                        List<HeaderField> fields = ((Block) op).fields();
                        List<HeaderField> before = decoder.dynamicTable();
                        Bytes encoded = encoder.encode(fields);
                        ctx.note("block " + block + ": " + fields.size() + " fields, " + encoded.length() + " bytes");
                        DecodeResult result = decoder.decode(encoded);
                        long listSize = 0;
                        for (HeaderField f : fields) listSize += f.size();
                        if (listSize > run.listLimit()) {
                            assertEquals(new DecodeResult.ListTooLarge(listSize, run.listLimit()), result, "block " + block);
                            ctx.count("HP-14");
                        } else {
                            assertEquals(new DecodeResult.Fields(fields), result, "block " + block);
                        }
                        assertEquals(encoder.maxDynamicTableSize(), decoder.maxDynamicTableSize(), "table limits agree");
                        assertEquals(encoder.dynamicTableSize(), decoder.dynamicTableSize(), "table sizes agree");
                        assertTrue(decoder.dynamicTableSize() <= decoder.maxDynamicTableSize(), "HP-12: table within its size");
                        for (HeaderField f : fields) {
                            boolean alsoIndexable = fields.stream().anyMatch(g -> !g.neverIndexed()
                                    && g.name().equals(f.name()) && g.value().equals(f.value()));
                            if (f.neverIndexed() && !alsoIndexable) {
                                ctx.count("HP-13");
                                assertTrue(decoder.dynamicTable().stream().noneMatch(e -> e.name().equals(f.name())
                                        && e.value().equals(f.value()) && !before.contains(e)),
                                        "HP-13: a never-indexed field entered the table: " + f);
                            }
                        }
                        List<HeaderField> after = decoder.dynamicTable();
                        boolean evicted = after.size() < before.size()
                                || !after.subList(after.size() - before.size(), after.size()).equals(before);
                        if (evicted) ctx.count("HP-12");
                        block++;
                    }
                });
    }
}
