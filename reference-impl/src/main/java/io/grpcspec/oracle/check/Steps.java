package io.grpcspec.oracle.check;

import io.grpcspec.proto.testing.EchoStatus;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Conversation openings and request pieces the scenarios share. */
final class Steps {
    private Steps() {}

    /** Unary, Empty to Empty: answers at once, or waits for its request message while the stream stays open. */
    static final String EMPTY_CALL = Checker.EMPTY_CALL;
    /** Unary, SimpleRequest to SimpleResponse: a response of the size asked, or the status asked. */
    static final String UNARY_CALL = "/grpc.testing.TestService/UnaryCall";
    /** A method no server serves: answered at once with a trailers-only UNIMPLEMENTED. */
    static final String UNKNOWN = "/grpcspec.check.NoSuchService/NoSuchMethod";
    /** An empty message, length-prefixed (5 octets). */
    static final Bytes EMPTY_MESSAGE = MessageFramer.frame(Bytes.EMPTY);

    /** The handshake, then an EmptyCall whose request never comes: the server keeps the stream open. */
    static int heldCall(Conversation c, Setting... ours) throws IOException {
        c.handshake(ours);
        return c.open(c.request(EMPTY_CALL), false);
    }

    /**
     * The handshake, then a call of a method nobody serves with the request ended: the server's
     * trailers-only answer closes the stream both ways.
     */
    static int closedStream(Conversation c) throws IOException {
        c.handshake();
        int id = c.open(c.request(UNKNOWN), true);
        Response r = c.collect(null, id, true);
        if (!r.ended()) throw new ScenarioSkipped("a call of an unknown method did not end normally: " + r.describe());
        return id;
    }

    /** A UnaryCall request asking for a response payload of {@code size} octets. */
    static Bytes unaryRequest(int size) {
        return Bytes.of(SimpleRequest.newBuilder().setResponseSize(size).build().toByteArray());
    }

    /** A UnaryCall request asking the server to end the call with this status. */
    static Bytes unaryRequest(int code, String message) {
        return Bytes.of(SimpleRequest.newBuilder().setResponseStatus(EchoStatus.newBuilder().setCode(code).setMessage(message))
                .build().toByteArray());
    }

    /** An 8-octet PING payload from (up to) 8 ASCII characters, so traces read well. */
    static long payload(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (i < b.length ? b[i] & 0xff : 0);
        return v;
    }

    /** {@code fields} with {@code extra} inserted after the last pseudo-header field. */
    static List<HeaderField> withPseudo(List<HeaderField> fields, HeaderField extra) {
        List<HeaderField> out = new ArrayList<>();
        boolean done = false;
        for (HeaderField f : fields) {
            if (!done && !f.isPseudo()) {
                out.add(extra);
                done = true;
            }
            out.add(f);
        }
        if (!done) out.add(extra);
        return out;
    }

    /** {@code fields} without any field named {@code name}. */
    static List<HeaderField> without(List<HeaderField> fields, String name) {
        return fields.stream().filter(f -> !f.name().equals(name)).toList();
    }

    /** {@code fields} then {@code more}. */
    static List<HeaderField> plus(List<HeaderField> fields, HeaderField... more) {
        List<HeaderField> out = new ArrayList<>(fields);
        out.addAll(List.of(more));
        return out;
    }
}
