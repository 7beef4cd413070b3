package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    @Checks("RPC-11")
    void binaryValuesGoOutUnpaddedAndComeBackPaddedOrNot() {
        Metadata md = Metadata.of(Metadata.binary("k-bin", Bytes.of((byte) 1)), Metadata.binary("k-bin", Bytes.of((byte) 1, (byte) 2, (byte) 3)));
        assertEquals(List.of(new HeaderField("k-bin", "AQ"), new HeaderField("k-bin", "AQID")), md.toFields());
        assertEquals(List.of(Bytes.of((byte) 1)), Metadata.decodeBinary("AQ"));
        assertEquals(List.of(Bytes.of((byte) 1)), Metadata.decodeBinary("AQ=="));
        assertEquals(List.of(Bytes.of((byte) 1), Bytes.of((byte) 1, (byte) 2, (byte) 3)), Metadata.decodeBinary("AQ==,AQID"));
        assertEquals(List.of(Bytes.EMPTY), Metadata.decodeBinary(""));
    }

    @Test
    @Checks("RPC-11")
    void undecodableBinaryValuesAreFound() {
        assertNull(Metadata.decodeBinary("A"));
        assertNull(Metadata.decodeBinary("AQ="));
        assertNull(Metadata.decodeBinary("AQ==,%%"));
        assertEquals("b-bin", Metadata.firstBadBinary(Fields.of("a", "%%", "b-bin", "%%")).name());
        assertNull(Metadata.firstBadBinary(Fields.of("a", "%%", "b-bin", "AQ")));
    }

    @Test
    @Checks("RPC-11")
    void applicationsCannotSendWhatGrpcReserves() {
        assertThrows(IllegalArgumentException.class, () -> Metadata.ascii("grpc-custom", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metadata.ascii("X-Upper", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metadata.ascii("x", "new\nline"));
        assertThrows(IllegalArgumentException.class, () -> Metadata.ascii("x-bin", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metadata.binary("x", Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> Metadata.ascii("connection", "close"));
        assertThrows(IllegalArgumentException.class, () -> Metadata.ascii("content-type", "text/plain"));
        assertEquals("ok", Metadata.ascii("x-1_a.b", "ok").text());
    }

    @Test
    @Checks("RPC-11")
    void receivedMetadataSkipsTheCallDefinition() {
        Metadata md = Metadata.fromReceived(Fields.of(":status", "200", "content-type", "application/grpc", "grpc-status", "0",
                "grpc-message", "m", "x-a", "1", "grpc-future", "kept", "d-bin", "AQ"));
        assertEquals(List.of(new Metadata.Entry("x-a", Bytes.ofAscii("1")), new Metadata.Entry("grpc-future", Bytes.ofAscii("kept")),
                new Metadata.Entry("d-bin", Bytes.of((byte) 1))), md.entries());
    }
}
