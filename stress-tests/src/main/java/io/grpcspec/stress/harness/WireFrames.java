package io.grpcspec.stress.harness;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.Preface;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads back what a connection wrote, with the project's own frame reader. */
public final class WireFrames {
    private WireFrames() {}

    /** A frame and the byte offset just past it in the stream it was read from. */
    public record Placed(Frame frame, int end) {}

    /** The frames in {@code bytes} (after the client preface, when {@code client}). Malformed bytes throw. */
    public static List<Placed> read(byte[] bytes, boolean client) {
        int start = 0;
        if (client) {
            if (bytes.length < Preface.LENGTH) throw new IllegalStateException("no client preface in " + bytes.length + " octets");
            start = Preface.LENGTH;
        }
        ByteArrayInputStream in = new ByteArrayInputStream(bytes, start, bytes.length - start);
        FrameReader reader = new FrameReader(in, FrameReader.MAX_MAX_FRAME_SIZE);
        List<Placed> out = new ArrayList<>();
        try {
            for (Frame f; (f = reader.readFrame()) != null; ) out.add(new Placed(f, bytes.length - in.available()));
        } catch (IOException | FrameException e) {
            throw new IllegalStateException("the writer wrote bytes that do not parse: " + e.getMessage(), e);
        }
        return out;
    }
}
