package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.quietUntilPingAck;
import static io.grpcspec.oracle.check.Expectations.streamError;
import static io.grpcspec.oracle.check.RawFrames.CONTINUATION;
import static io.grpcspec.oracle.check.RawFrames.DATA;
import static io.grpcspec.oracle.check.RawFrames.END_HEADERS;
import static io.grpcspec.oracle.check.RawFrames.END_STREAM;
import static io.grpcspec.oracle.check.RawFrames.GOAWAY;
import static io.grpcspec.oracle.check.RawFrames.HEADERS;
import static io.grpcspec.oracle.check.RawFrames.PADDED;
import static io.grpcspec.oracle.check.RawFrames.PRIORITY;
import static io.grpcspec.oracle.check.RawFrames.PRIORITY_FLAG;
import static io.grpcspec.oracle.check.RawFrames.RST_STREAM;
import static io.grpcspec.oracle.check.RawFrames.WINDOW_UPDATE;
import static io.grpcspec.oracle.check.RawFrames.concat;
import static io.grpcspec.oracle.check.RawFrames.frame;
import static io.grpcspec.oracle.check.RawFrames.zeros;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.UnknownFrame;
import java.util.List;

/** Frame layout (RFC 9113 §4, §6): sizes, padding, stream 0, reserved bits, unknown types and flags. */
final class FrameScenarios {
    private FrameScenarios() {}

    /** A frame type RFC 9113 does not define. */
    static final int UNKNOWN_TYPE = 0xfa;
    /** The largest frame a scenario sends on purpose to exceed the server's limit. */
    static final long MAX_OVERSIZED = 1 << 20;

    static List<Scenario> all() {
        return List.of(
                scenario("FR-16", "unknown-type", "a frame of an unknown type is ignored", c -> {
                    c.handshake();
                    c.raw(new UnknownFrame(UNKNOWN_TYPE, 0, 0, Bytes.ofAscii("ignore me")));
                    c.ping(Steps.payload("after"));
                    c.expect(quietUntilPingAck(Rules.of("FR-16"), Steps.payload("after"), 0));
                }),
                scenario("HB-1 FR-16", "unknown-type-inside-block", "a frame of an unknown type inside a header block is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new HeadersFrame(1, c.encode(c.request(Steps.UNKNOWN)), true, false));
                    c.raw(new UnknownFrame(UNKNOWN_TYPE, 0, 1, Bytes.ofAscii("in between")));
                    c.expectConnectionError(Rules.of("HB-1"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-2", "data-too-large", "a DATA frame longer than the server's SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR", c -> {
                    long max = c.facts().maxFrameSize();
                    if (max >= MAX_OVERSIZED) throw new ScenarioSkipped("the server's SETTINGS_MAX_FRAME_SIZE " + max + " is too large to exceed");
                    int id = Steps.heldCall(c);
                    c.raw(new DataFrame(id, Bytes.of(zeros((int) max + 1)), false));
                    c.expect(streamError(Rules.of("FR-2"), id, ErrorCode.FRAME_SIZE_ERROR));
                }, Need.TEST_SERVICE),
                scenario("FR-2", "headers-too-large", "a HEADERS frame longer than the server's SETTINGS_MAX_FRAME_SIZE is a connection error FRAME_SIZE_ERROR", c -> {
                    long max = c.facts().maxFrameSize();
                    if (max >= MAX_OVERSIZED) throw new ScenarioSkipped("the server's SETTINGS_MAX_FRAME_SIZE " + max + " is too large to exceed");
                    c.handshake();
                    // Twice the limit in characters: Huffman coding cannot bring it under the limit.
                    Bytes block = c.encode(Steps.plus(c.request(Steps.UNKNOWN), new HeaderField("x-long", "x".repeat((int) max * 2))));
                    c.raw(new HeadersFrame(1, block, true, true));
                    c.expectConnectionError(Rules.of("FR-2"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-11", "data-padding", "DATA whose Pad Length exceeds its payload is a connection error PROTOCOL_ERROR", c -> {
                    int id = Steps.heldCall(c);
                    c.rawBytes(frame(DATA, PADDED, id, new byte[] {10, 'a', 'b', 'c', 'd'}), "DATA, PADDED, pad length 10 in a 5-octet payload");
                    c.expectConnectionError(Rules.of("FR-11"), ErrorCode.PROTOCOL_ERROR);
                }, Need.TEST_SERVICE),
                scenario("FR-11", "headers-padding", "HEADERS whose Pad Length exceeds its payload is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    byte[] block = c.encode(c.request(Steps.UNKNOWN)).toByteArray();
                    c.rawBytes(frame(HEADERS, PADDED | END_HEADERS | END_STREAM, 1, concat(new byte[] {(byte) 255}, block)),
                            "HEADERS, PADDED, pad length 255 in a " + (block.length + 1) + "-octet payload");
                    c.expectConnectionError(Rules.of("FR-11"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-12", "data-on-stream-0", "DATA on stream 0 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new DataFrame(0, Bytes.ofAscii("x"), false));
                    c.expectConnectionError(Rules.of("FR-12"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-12", "headers-on-stream-0", "HEADERS on stream 0 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(HEADERS, END_HEADERS | END_STREAM, 0, c.encode(c.request(Steps.UNKNOWN)).toByteArray()),
                            "HEADERS on stream 0");
                    c.expectConnectionError(Rules.of("FR-12"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-12 HB-2", "continuation-on-stream-0", "CONTINUATION on stream 0 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new HeadersFrame(1, c.encode(c.request(Steps.UNKNOWN)), true, false));
                    c.rawBytes(frame(CONTINUATION, END_HEADERS, 0, new byte[0]), "CONTINUATION on stream 0");
                    c.expectConnectionError(Rules.of("FR-12"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-6", "rst-stream-length", "RST_STREAM of 3 octets is a connection error FRAME_SIZE_ERROR", c -> {
                    int id = Steps.heldCall(c);
                    c.rawBytes(frame(RST_STREAM, 0, id, new byte[3]), "RST_STREAM with a 3-octet payload");
                    c.expectConnectionError(Rules.of("FR-6"), ErrorCode.FRAME_SIZE_ERROR);
                }, Need.TEST_SERVICE),
                scenario("FR-12", "rst-stream-on-stream-0", "RST_STREAM on stream 0 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(RST_STREAM, 0, 0, new byte[] {0, 0, 0, 8}), "RST_STREAM(CANCEL) on stream 0");
                    c.expectConnectionError(Rules.of("FR-12"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-7", "window-update-length", "WINDOW_UPDATE of 3 octets is a connection error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(WINDOW_UPDATE, 0, 0, new byte[] {0, 0, 1}), "WINDOW_UPDATE with a 3-octet payload");
                    c.expectConnectionError(Rules.of("FR-7"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-8", "priority-length", "PRIORITY of 4 octets is a stream error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(PRIORITY, 0, 1, new byte[] {0, 0, 0, 0}), "PRIORITY on stream 1 with a 4-octet payload");
                    c.expect(streamError(Rules.of("FR-8"), 1, ErrorCode.FRAME_SIZE_ERROR));
                }),
                scenario("FR-12", "priority-on-stream-0", "PRIORITY on stream 0 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(PRIORITY, 0, 0, new byte[] {0, 0, 0, 1, 15}), "PRIORITY on stream 0");
                    c.expectConnectionError(Rules.of("FR-12"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-14", "priority-self-dependency", "a stream depending on itself is a stream error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new PriorityFrame(3, new Priority(3, false, 16)));
                    c.expect(streamError(Rules.of("FR-14"), 3, ErrorCode.PROTOCOL_ERROR));
                }),
                scenario("FR-9", "goaway-length", "GOAWAY of 7 octets is a connection error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(GOAWAY, 0, 0, new byte[7]), "GOAWAY with a 7-octet payload");
                    c.expectConnectionError(Rules.of("FR-9"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-13", "goaway-on-stream", "GOAWAY on stream 1 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(GOAWAY, 0, 1, new byte[8]), "GOAWAY on stream 1");
                    c.expectConnectionError(Rules.of("FR-13"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-10", "headers-priority-too-short", "HEADERS flagged PRIORITY with a 3-octet payload is a connection error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(HEADERS, PRIORITY_FLAG | END_HEADERS | END_STREAM, 1, new byte[3]), "HEADERS, PRIORITY, 3 octets");
                    c.expectConnectionError(Rules.of("FR-10"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-15", "reserved-bit", "the reserved bit of the stream identifier is ignored: the call is served", c -> {
                    c.handshake();
                    byte[] block = c.encode(c.request(Steps.EMPTY_CALL)).toByteArray();
                    c.rawBytes(frame(HEADERS, END_HEADERS, 0x8000_0001, block), "HEADERS on stream 1 with the reserved bit set");
                    c.raw(new DataFrame(1, Steps.EMPTY_MESSAGE, true));
                    Response r = c.collect(Rules.of("FR-15"), 1, false);
                    c.check("0".equals(r.grpcStatus()), Rules.of("FR-15"), "the call served on stream 1 (grpc-status 0)", r.describe());
                }, Need.TEST_SERVICE));
    }
}
