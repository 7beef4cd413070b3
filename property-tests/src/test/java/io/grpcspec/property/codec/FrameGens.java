package io.grpcspec.property.codec;

import io.grpcspec.property.engine.Gen;
import io.grpcspec.property.engine.Source;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameType;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Generators of well-formed frames, one small generator per frame type, so a failing frame
 * shrinks field by field (towards stream 1, empty payloads, no padding, no priority).
 * "Well-formed" = the reader must accept it under a limit of {@link #MAX_PAYLOAD} bytes:
 * stream ids where the type demands them, no self-dependency, padding that fits.
 */
public final class FrameGens {
    /** Largest payload generated; far below the 16384 default limit so cases stay cheap. */
    public static final int MAX_PAYLOAD = 300;

    private FrameGens() {}

    /** Stream ids 1..2^31-1, biased to small ones and to the edges. */
    static final Gen<Integer> STREAM = src -> src.weighted(0.8) ? src.draw(1, 9) : src.draw(1, Integer.MAX_VALUE);

    /** 31-bit values including 0 (last-stream-id, promised id, increment). */
    static final Gen<Integer> U31 = src -> src.draw(0, Integer.MAX_VALUE);

    /** 32-bit unsigned values (error codes, setting values): known codes and arbitrary ones. */
    static final Gen<Long> U32 = src -> src.weighted(0.5) ? src.drawLong(0, 15) : src.drawLong(0, 0xffff_ffffL);

    static Gen<Bytes> payload(int max) {
        return Gen.bytes(0, Math.max(0, max));
    }

    /** NO_PADDING or a pad length that leaves {@code room} bytes for the rest. */
    static int padding(Source src, int room) {
        if (!src.bool()) return Frame.NO_PADDING;
        return src.draw(0, Math.min(255, Math.max(0, room - 1)));
    }

    static int overhead(int pad) {
        return pad == Frame.NO_PADDING ? 0 : 1 + pad;
    }

    static Priority priority(Source src, int ownStream) {
        int dep = src.draw(0, Integer.MAX_VALUE);
        if (dep == ownStream) dep = ownStream == 0 ? 1 : ownStream - 1; // FR-14 forbids self-dependency
        return new Priority(dep, src.bool(), src.draw(1, 256));
    }

    static final Gen<Frame> DATA = src -> {
        int sid = src.draw(STREAM);
        int pad = padding(src, MAX_PAYLOAD);
        return new DataFrame(sid, src.draw(payload(MAX_PAYLOAD - overhead(pad))), src.bool(), pad);
    };

    static final Gen<Frame> HEADERS = src -> {
        int sid = src.draw(STREAM);
        int pad = padding(src, MAX_PAYLOAD - 5);
        Priority p = src.bool() ? priority(src, sid) : null;
        int room = MAX_PAYLOAD - overhead(pad) - (p == null ? 0 : 5);
        return new HeadersFrame(sid, src.draw(payload(room)), src.bool(), src.bool(), pad, p);
    };

    static final Gen<Frame> PRIORITY = src -> {
        int sid = src.draw(STREAM);
        return new PriorityFrame(sid, priority(src, sid));
    };

    static final Gen<Frame> RST_STREAM = src -> new RstStreamFrame(src.draw(STREAM), src.draw(U32));

    static final Gen<Frame> SETTINGS = src -> {
        if (src.weighted(0.25)) return SettingsFrame.ACK_FRAME;
        List<Setting> settings = new ArrayList<>();
        var many = src.many(0, 12);
        while (many.more()) {
            int id = src.weighted(0.8) ? src.draw(1, 9) : src.draw(0, 0xffff);
            settings.add(new Setting(id, src.draw(U32)));
        }
        return new SettingsFrame(false, settings);
    };

    static final Gen<Frame> PUSH_PROMISE = src -> {
        int sid = src.draw(STREAM);
        int pad = padding(src, MAX_PAYLOAD - 4);
        return new PushPromiseFrame(sid, src.draw(U31), src.draw(payload(MAX_PAYLOAD - 4 - overhead(pad))), src.bool(), pad);
    };

    static final Gen<Frame> PING = src -> new PingFrame(src.bool(), src.draw(Gen.longs()));

    static final Gen<Frame> GOAWAY = src -> new GoAwayFrame(src.draw(U31), src.draw(U32), src.draw(payload(MAX_PAYLOAD - 8)));

    static final Gen<Frame> WINDOW_UPDATE = src ->
            new WindowUpdateFrame(src.bool() ? 0 : src.draw(STREAM), src.draw(U31));

    static final Gen<Frame> CONTINUATION = src ->
            new ContinuationFrame(src.draw(STREAM), src.draw(payload(MAX_PAYLOAD)), src.bool());

    /** Extension types (0x0a..0xff): any flags, any stream (0 included), any payload. */
    static final Gen<Frame> UNKNOWN = src -> new UnknownFrame(src.draw(0x0a, 0xff), src.draw(0, 0xff),
            src.bool() ? 0 : src.draw(STREAM), src.draw(payload(MAX_PAYLOAD)));

    /** The generator for one type code (0..9), or {@link #UNKNOWN}. */
    static Gen<Frame> of(FrameType t) {
        if (t == null) return UNKNOWN;
        return switch (t) {
            case DATA -> DATA;
            case HEADERS -> HEADERS;
            case PRIORITY -> PRIORITY;
            case RST_STREAM -> RST_STREAM;
            case SETTINGS -> SETTINGS;
            case PUSH_PROMISE -> PUSH_PROMISE;
            case PING -> PING;
            case GOAWAY -> GOAWAY;
            case WINDOW_UPDATE -> WINDOW_UPDATE;
            case CONTINUATION -> CONTINUATION;
        };
    }

    /** Any frame: every known type equally often, extension types as often as one known type. */
    @SuppressWarnings("unchecked")
    public static final Gen<Frame> ANY = Gen.oneOf(DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING,
            GOAWAY, WINDOW_UPDATE, CONTINUATION, UNKNOWN);
}
