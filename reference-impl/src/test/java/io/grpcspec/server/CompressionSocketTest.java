package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpcspec.proto.testing.BoolValue;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.proto.testing.SimpleResponse;
import io.grpcspec.rpc.Compression;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Response compression: declared in grpc-encoding and used only when the client accepts gzip. */
class CompressionSocketTest {
    Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(InteropTestService.definition()).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    /** Returns the response headers and the first DATA payload of stream 1. */
    private Object[] call(RawH2Client c, boolean acceptGzip) throws Exception {
        List<HeaderField> req = new ArrayList<>(RawH2Client.request("/grpc.testing.TestService/UnaryCall"));
        if (acceptGzip) req.add(new HeaderField("grpc-accept-encoding", "gzip"));
        c.sendHeaders(1, req, false);
        SimpleRequest r = SimpleRequest.newBuilder().setResponseSize(2000)
                .setResponseCompressed(BoolValue.newBuilder().setValue(true)).build();
        c.sendMessage(1, r.toByteArray(), true);
        RawH2Client.Block headers = c.readHeaders(1);
        assertNotNull(headers, c.trace::toString);
        Frame d = c.readUntil(f -> f instanceof DataFrame df && df.streamId() == 1);
        assertNotNull(d, c.trace::toString);
        return new Object[] {headers, ((DataFrame) d).data().toByteArray()};
    }

    @Test
    void gzipResponseWhenTheClientAcceptsIt() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            Object[] got = call(c, true);
            assertEquals("gzip", ((RawH2Client.Block) got[0]).get("grpc-encoding"), c.trace::toString);
            byte[] framed = (byte[]) got[1];
            assertEquals(1, framed[0], "Compressed-Flag\n" + c.trace);
            byte[] plain = Compression.GZIP.decompress(Arrays.copyOfRange(framed, 5, framed.length), 1 << 20);
            assertEquals(2000, SimpleResponse.parseFrom(plain).getPayload().getBody().size());
        }
    }

    @Test
    void identityResponseWhenTheClientDoesNotAcceptGzip() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            Object[] got = call(c, false);
            assertNull(((RawH2Client.Block) got[0]).get("grpc-encoding"), c.trace::toString);
            byte[] framed = (byte[]) got[1];
            assertEquals(0, framed[0], "Compressed-Flag\n" + c.trace);
            assertEquals(2000, SimpleResponse.parseFrom(Arrays.copyOfRange(framed, 5, framed.length)).getPayload().getBody().size());
        }
    }
}
