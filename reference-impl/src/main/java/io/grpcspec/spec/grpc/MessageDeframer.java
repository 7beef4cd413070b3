package io.grpcspec.spec.grpc;

import io.grpcspec.wire.Bytes;
import io.grpcspec.spec.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles Length-Prefixed-Messages from DATA payloads. DATA frame boundaries have no relation
 * to message boundaries (PROTOCOL-HTTP2, Data Frames), so a prefix or a body may arrive in any
 * number of pieces. An immutable value: {@link #feed} returns the next deframer.
 *
 * <p>Limits are judged from the prefix alone: a message longer than {@code maxMessageBytes} fails
 * before any of its body is buffered, so a hostile length cannot make us allocate. Body pieces
 * are kept as a list and joined once, when the message is complete.
 *
 * @param maxMessageBytes largest message accepted (grpc-go and grpc-java default: 4 MiB)
 * @param encoding the negotiated grpc-encoding the receiver can decompress, or null when the
 *     stream has none (absent, identity, or not supported): then Compressed-Flag 1 is an error
 * @param pending bytes of a prefix not yet complete (0 to 4), while {@code inBody} is false
 * @param inBody whether the prefix of the current message has been read
 * @param compressed the current message's Compressed-Flag
 * @param length the current message's Message-Length
 * @param chunks the current message's body pieces so far
 * @param have how many body bytes {@code chunks} hold
 */
public record MessageDeframer(int maxMessageBytes, String encoding, Bytes pending, boolean inBody,
                              boolean compressed, int length, List<Bytes> chunks, int have) {

    /** Default receive limit of grpc-go and grpc-java. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    public MessageDeframer {
        chunks = List.copyOf(chunks);
    }

    public static MessageDeframer create(int maxMessageBytes, String encoding) {
        return new MessageDeframer(maxMessageBytes, encoding, Bytes.EMPTY, false, false, 0, List.of(), 0);
    }

    public static MessageDeframer create() {
        return create(DEFAULT_MAX_MESSAGE_BYTES, null);
    }

    /** The outcome of feeding bytes. */
    public sealed interface Result {}

    /** The bytes were fine: complete messages in order, and the deframer to feed next. */
    public record Fed(MessageDeframer next, List<GrpcMessage> messages) implements Result {
        public Fed {
            messages = List.copyOf(messages);
        }
    }

    /** The stream of messages is broken: the call fails with {@code status}; {@code rule} says why. */
    public record Failed(Rule rule, Status status) implements Result {}

    /** True when no message is partly read: END_STREAM here is legal. */
    public boolean atBoundary() {
        return !inBody && pending.isEmpty();
    }

    /** The check for END_STREAM: null when at a message boundary, otherwise the failure (RPC-17). */
    public Failed end() {
        if (atBoundary()) return null;
        String where = inBody ? "after " + have + " of " + length + " message bytes" : "inside a message prefix (" + pending.length() + " of 5 bytes)";
        return new Failed(RpcRules.RPC_17, Status.of(StatusCode.INTERNAL, "incomplete message: stream ended " + where));
    }

    public Result feed(Bytes data) {
        MessageDeframer s = this;
        List<GrpcMessage> out = new ArrayList<>();
        int i = 0;
        int n = data.length();
        while (i < n) {
            if (!s.inBody) {
                int take = Math.min(MessageFramer.PREFIX_LENGTH - s.pending.length(), n - i);
                Bytes prefix = s.pending.concat(data.slice(i, i + take));
                i += take;
                if (prefix.length() < MessageFramer.PREFIX_LENGTH) {
                    s = s.with(prefix, false, false, 0, List.of(), 0);
                    continue;
                }
                int flag = prefix.get(0) & 0xff;
                long len = (prefix.get(1) & 0xffL) << 24 | (prefix.get(2) & 0xffL) << 16
                        | (prefix.get(3) & 0xffL) << 8 | (prefix.get(4) & 0xffL);
                // Same order as grpc-go: the size first, then the flag.
                if (len > maxMessageBytes) {
                    return new Failed(RpcRules.RPC_16, Status.of(StatusCode.RESOURCE_EXHAUSTED,
                            "received message larger than max (" + len + " vs. " + maxMessageBytes + ")"));
                }
                if (flag > 1) {
                    return new Failed(RpcRules.RPC_15, Status.of(StatusCode.INTERNAL,
                            "received unexpected payload format " + flag));
                }
                if (flag == 1 && encoding == null) {
                    return new Failed(RpcRules.RPC_14, Status.of(StatusCode.INTERNAL,
                            "compressed flag set without a negotiated grpc-encoding"));
                }
                if (len == 0) {
                    out.add(new GrpcMessage(Bytes.EMPTY, flag == 1));
                    s = s.with(Bytes.EMPTY, false, false, 0, List.of(), 0);
                } else {
                    s = s.with(Bytes.EMPTY, true, flag == 1, (int) len, List.of(), 0);
                }
            } else {
                int take = Math.min(s.length - s.have, n - i);
                List<Bytes> pieces = new ArrayList<>(s.chunks);
                pieces.add(data.slice(i, i + take));
                i += take;
                int have = s.have + take;
                if (have < s.length) {
                    s = s.with(Bytes.EMPTY, true, s.compressed, s.length, pieces, have);
                } else {
                    out.add(new GrpcMessage(join(pieces, have), s.compressed));
                    s = s.with(Bytes.EMPTY, false, false, 0, List.of(), 0);
                }
            }
        }
        return new Fed(s, out);
    }

    private MessageDeframer with(Bytes pending, boolean inBody, boolean compressed, int length, List<Bytes> chunks, int have) {
        return new MessageDeframer(maxMessageBytes, encoding, pending, inBody, compressed, length, chunks, have);
    }

    private static Bytes join(List<Bytes> pieces, int total) {
        if (pieces.size() == 1) return pieces.get(0);
        byte[] out = new byte[total];
        int at = 0;
        for (Bytes p : pieces) {
            p.copyTo(out, at);
            at += p.length();
        }
        return Bytes.of(out);
    }
}
