package io.grpcspec.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void gzipRoundTripsAndShrinksRepetitiveData() {
        byte[] msg = "hello ".repeat(1000).getBytes();
        byte[] packed = Compression.GZIP.compress(msg);
        assertTrue(packed.length < msg.length / 10, "gzip of repetitive text is small: " + packed.length);
        assertArrayEquals(msg, Compression.GZIP.decompress(packed, msg.length));
    }

    @Test
    void decompressionStopsAtTheReceiveLimit() {
        byte[] bomb = Compression.GZIP.compress(new byte[1 << 20]);
        assertThrows(Compression.MessageTooLargeException.class, () -> Compression.GZIP.decompress(bomb, 1000));
    }

    @Test
    void garbageIsRejectedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Compression.GZIP.decompress(new byte[] {1, 2, 3}, 100));
        assertTrue(e.getMessage().startsWith("bad gzip data"), e.getMessage());
    }

    @Test
    void codecsAreFoundByTheirGrpcEncodingName() {
        assertEquals(Compression.GZIP, Compression.byName("gzip"));
        assertNull(Compression.byName("snappy"));
        // What our calls offer: every codec but identity, by name.
        assertEquals(List.of("gzip"), Compression.ENCODINGS);
    }

    @Test
    void methodDescriptorsNeedServiceAndMethod() {
        ProtoMarshaller<io.grpcspec.proto.helloworld.HelloRequest> m =
                ProtoMarshaller.of(io.grpcspec.proto.helloworld.HelloRequest.getDefaultInstance());
        MethodDescriptor<?, ?> d = MethodDescriptor.of("helloworld.Greeter", "SayHello", MethodType.UNARY, m, m);
        assertEquals("/helloworld.Greeter/SayHello", d.path());
        assertEquals("helloworld.Greeter", d.serviceName());
        assertThrows(IllegalArgumentException.class,
                () -> new MethodDescriptor<>("noslash", MethodType.UNARY, m, m));
        assertThrows(IllegalArgumentException.class, () -> m.fromBytes(new byte[] {(byte) 0xff}));
    }
}
