package io.grpcspec.spec.driver;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.Objects;

/**
 * What the connection reports about one stream to the call above it: the stream's deliveries
 * ({@link Effect.Headers}, {@link Effect.Data}, {@link Effect.PeerReset}, {@link Effect.StreamClosed},
 * {@link Effect.NotProcessed}) and the end of the connection, without the stream ID (the driver
 * routes by it). {@link CallDriver#toClient} and {@link CallDriver#toServer} say what each means
 * to a call.
 */
public sealed interface StreamReport {

    /** A decoded header block; {@code trailers} marks the stream's second block. */
    record Headers(List<HeaderField> fields, boolean endStream, boolean trailers) implements StreamReport {
        public Headers {
            fields = List.copyOf(fields);
        }
    }

    /** A DATA payload (padding removed). */
    record Data(Bytes data, boolean endStream) implements StreamReport {
        public Data {
            Objects.requireNonNull(data);
        }
    }

    /** The peer reset the stream with this raw error code. */
    record PeerReset(long errorCode) implements StreamReport {}

    /** The peer's GOAWAY says it never processed the stream: it may be retried elsewhere. */
    record NotProcessed(String why) implements StreamReport {
        public NotProcessed {
            Objects.requireNonNull(why);
        }
    }

    /** The stream reached "closed"; nothing more comes for it. */
    record StreamClosed(String why) implements StreamReport {
        public StreamClosed {
            Objects.requireNonNull(why);
        }
    }

    /** The connection under the stream is gone. */
    record ConnectionClosed(String why) implements StreamReport {
        public ConnectionClosed {
            Objects.requireNonNull(why);
        }
    }
}
