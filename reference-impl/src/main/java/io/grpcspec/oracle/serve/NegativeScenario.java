package io.grpcspec.oracle.serve;

import io.grpcspec.spec.stream.DataFraming;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * gRPC's negative HTTP/2 interop test cases (doc/negative-http2-interop-test-descriptions.md in
 * grpc/grpc, whose reference is the small Python server under test/http2_test): a server that
 * misbehaves in a defined way so a client can show it copes. Names exactly as gRPC spells them.
 * {@link ScenarioConnection} carries out the server procedure of each; the server-side
 * assertions are recorded in {@link Verdicts} like the oracle's verdicts.
 */
public enum NegativeScenario {
    /** After the first call on a connection: GOAWAY; the client must take its next call to a new connection. */
    GOAWAY("goaway", "the second call used a new connection", "no new stream on a connection after the client saw its GOAWAY"),
    /** Response headers, then RST_STREAM(NO_ERROR): the call must fail. */
    RST_AFTER_HEADER("rst_after_header", "RST_STREAM(NO_ERROR) sent right after the response headers"),
    /** Headers and half of the response message, then RST_STREAM(NO_ERROR): the call must fail. */
    RST_DURING_DATA("rst_during_data", "RST_STREAM(NO_ERROR) sent after half of the response message"),
    /** Headers and the whole response message, no trailers, then RST_STREAM(NO_ERROR): the call must fail. */
    RST_AFTER_DATA("rst_after_data", "RST_STREAM(NO_ERROR) sent after the whole response message"),
    /** PINGs before and after the response headers and before and after the data: every one must be acknowledged. */
    PING("ping", "no PING of ours outstanding when the connection ended"),
    /** A second SETTINGS right after the first lowers MAX_CONCURRENT_STREAMS to 1: the client must keep to it. */
    MAX_STREAMS("max_streams", "MAX_CONCURRENT_STREAMS 1 respected once acknowledged"),
    /** The response in DATA frames of 5 octets of data and 255 of padding: the client must count the padding and reassemble. */
    DATA_FRAME_PADDING("data_frame_padding", "response sent in 5-octet DATA frames with 255 octets of padding"),
    /** The same without padding: 5-octet DATA frames. */
    NO_DF_PADDING_SANITY_TEST("no_df_padding_sanity_test", "response sent in unpadded 5-octet DATA frames");

    /** Data octets per DATA frame in the two padding scenarios (the Python server's read chunk). */
    static final int SMALL_FRAME = 5;
    /** Pad Length in {@link #DATA_FRAME_PADDING}. */
    static final int LARGE_PADDING = 255;

    private final String grpcName;
    private final List<String> assertions;

    NegativeScenario(String grpcName, String... assertions) {
        this.grpcName = grpcName;
        this.assertions = List.of(assertions);
    }

    /** The name as gRPC spells it (the {@code --test_case} of its clients). */
    public String grpcName() {
        return grpcName;
    }

    /** The server-side assertions recorded for this scenario, by name. */
    public List<String> assertions() {
        return assertions;
    }

    /** How the response's DATA is cut. */
    public DataFraming framing() {
        return switch (this) {
            case DATA_FRAME_PADDING -> new DataFraming(SMALL_FRAME, LARGE_PADDING);
            case NO_DF_PADDING_SANITY_TEST -> new DataFraming(SMALL_FRAME, io.grpcspec.wire.Frame.NO_PADDING);
            case GOAWAY, RST_AFTER_HEADER, RST_DURING_DATA, RST_AFTER_DATA, PING, MAX_STREAMS -> DataFraming.DEFAULT;
        };
    }

    /**
     * Makes {@code server} carry out this scenario on every connection (instead of its gRPC
     * services), recording the server-side assertions in {@code verdicts}.
     */
    public io.grpcspec.server.ServerBuilder serveOn(io.grpcspec.server.ServerBuilder server, Verdicts verdicts) {
        ScenarioConnection.Run run = new ScenarioConnection.Run(this, verdicts);
        return server.connectionHandler(name -> new ScenarioConnection(run, name)).dataFraming(framing());
    }

    /** The scenario gRPC calls {@code name}. */
    public static NegativeScenario byName(String name) {
        for (NegativeScenario s : values()) if (s.grpcName.equals(name)) return s;
        throw new IllegalArgumentException("no negative HTTP/2 scenario \"" + name + "\"; they are " + names());
    }

    /** All names, in gRPC's order. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(NegativeScenario::grpcName).toList());
    }

    @Override
    public String toString() {
        return grpcName.toLowerCase(Locale.ROOT);
    }
}
