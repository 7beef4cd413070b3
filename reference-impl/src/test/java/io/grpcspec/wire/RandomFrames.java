package io.grpcspec.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random well-formed frames of every type, from a seeded {@link Random} so failures replay.
 * "Well-formed" means the reader must accept them under {@code maxFrameSize}: streams where the
 * type demands, no self-dependency, padding within the limit. Values range over the whole wire
 * space (31-bit ids, unknown error codes and setting ids, reserved-looking flags of unknown types).
 */
public final class RandomFrames {
    private final Random random;
    private final int maxPayload;

    public RandomFrames(long seed, int maxPayload) {
        this.random = new Random(seed);
        this.maxPayload = maxPayload;
    }

    /** One frame of type code {@code type} (0..9 known, anything else an extension type). */
    public Frame of(int type) {
        FrameType t = FrameType.of(type);
        if (t == null) return new UnknownFrame(type, random.nextInt(256), streamOrZero(), bytes(maxPayload));
        return switch (t) {
            case DATA -> {
                int pad = padding();
                yield new DataFrame(stream(), bytes(maxPayload - overhead(pad)), random.nextBoolean(), pad);
            }
            case HEADERS -> {
                int sid = stream();
                int pad = padding();
                Priority p = random.nextBoolean() ? priority(sid) : null;
                int room = maxPayload - overhead(pad) - (p == null ? 0 : 5);
                yield new HeadersFrame(sid, bytes(room), random.nextBoolean(), random.nextBoolean(), pad, p);
            }
            case PRIORITY -> {
                int sid = stream();
                yield new PriorityFrame(sid, priority(sid));
            }
            case RST_STREAM -> new RstStreamFrame(stream(), u32());
            case SETTINGS -> {
                if (random.nextInt(4) == 0) yield SettingsFrame.ACK_FRAME;
                List<Setting> settings = new ArrayList<>();
                int n = random.nextInt(Math.min(12, maxPayload / 6) + 1);
                for (int i = 0; i < n; i++) {
                    int id = random.nextBoolean() ? 1 + random.nextInt(9) : random.nextInt(0x10000);
                    settings.add(new Setting(id, u32()));
                }
                yield new SettingsFrame(false, settings);
            }
            case PUSH_PROMISE -> {
                int pad = padding();
                yield new PushPromiseFrame(stream(), u31(), bytes(maxPayload - 4 - overhead(pad)),
                        random.nextBoolean(), pad);
            }
            case PING -> new PingFrame(random.nextBoolean(), random.nextLong());
            case GOAWAY -> new GoAwayFrame(u31(), u32(), bytes(maxPayload - 8));
            case WINDOW_UPDATE -> new WindowUpdateFrame(streamOrZero(), u31());
            case CONTINUATION -> new ContinuationFrame(stream(), bytes(maxPayload), random.nextBoolean());
        };
    }

    /** A frame of a random type: mostly known types, sometimes an extension. */
    public Frame any() {
        int pick = random.nextInt(11);
        return of(pick < 10 ? pick : 0x0a + random.nextInt(0xf6));
    }

    private int stream() {
        return random.nextInt(4) == 0 ? 1 + random.nextInt(Integer.MAX_VALUE) : 1 + random.nextInt(100);
    }

    private int streamOrZero() {
        return random.nextInt(3) == 0 ? 0 : stream();
    }

    private int u31() {
        return random.nextInt(3) == 0 ? random.nextInt(10) : random.nextInt(Integer.MAX_VALUE) + 1;
    }

    private long u32() {
        return random.nextInt(2) == 0 ? random.nextInt(16) : random.nextLong() & 0xffff_ffffL;
    }

    private Priority priority(int ownStream) {
        int dep;
        do {
            dep = random.nextBoolean() ? random.nextInt(10) : random.nextInt(Integer.MAX_VALUE);
        } while (dep == ownStream);
        return new Priority(dep, random.nextBoolean(), 1 + random.nextInt(256));
    }

    private int padding() {
        if (random.nextBoolean()) return Frame.NO_PADDING;
        return random.nextInt(Math.min(256, Math.max(1, maxPayload - 10)));
    }

    private static int overhead(int pad) {
        return pad == Frame.NO_PADDING ? 0 : 1 + pad;
    }

    private Bytes bytes(int room) {
        if (room <= 0) return Bytes.EMPTY;
        // mostly short, now and then as long as allowed: both ends of the length range get hit
        int n = random.nextInt(8) == 0 ? room : random.nextInt(Math.min(room, 64) + 1);
        byte[] b = new byte[n];
        random.nextBytes(b);
        return Bytes.of(b);
    }
}
