package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.CliRun;
import io.grpcspec.testing.Protosets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code grpcspec call} of every grpc.testing.TestService method, shared by the tests against
 * grpc-java's server and against ours: the request (argument, or stdin for {@code -d @}), what
 * the output must hold, and the exit code. Run through server reflection or with our protoset.
 */
record TestServiceCalls(String method, String json, String stdin, List<String> outputHas, int exit) {

    /** Exit code for UNIMPLEMENTED (64 + 12). */
    static final int UNIMPLEMENTED = 76;

    /** @param cacheableImplemented grpc-java's interop TestServiceImpl leaves CacheableUnaryCall unimplemented; ours has it */
    static List<TestServiceCalls> all(boolean cacheableImplemented) {
        List<TestServiceCalls> c = new ArrayList<>();
        c.add(new TestServiceCalls("EmptyCall", null, null, List.of("{\n}"), 0));
        c.add(new TestServiceCalls("UnaryCall", "{\"responseSize\": 3}", null, List.of("\"body\": \"AAAA\""), 0));
        c.add(cacheableImplemented
                ? new TestServiceCalls("CacheableUnaryCall", "{\"responseSize\": 1}", null, List.of("\"body\": \"AA==\""), 0)
                : new TestServiceCalls("CacheableUnaryCall", "{\"responseSize\": 1}", null, List.of(), UNIMPLEMENTED));
        c.add(new TestServiceCalls("StreamingOutputCall", "{\"responseParameters\": [{\"size\": 1}, {\"size\": 2}]}", null,
                List.of("\"body\": \"AA==\"", "\"body\": \"AAA=\""), 0));
        c.add(new TestServiceCalls("StreamingInputCall", "[{\"payload\": {\"body\": \"AAAA\"}}, {\"payload\": {\"body\": \"AAAAAAAA\"}}]", null,
                List.of("\"aggregatedPayloadSize\": 9"), 0));
        c.add(new TestServiceCalls("FullDuplexCall", "@",
                "{\"responseParameters\": [{\"size\": 1}]}\n{\"responseParameters\": [{\"size\": 2}]}\n",
                List.of("\"body\": \"AA==\"", "\"body\": \"AAA=\""), 0));
        c.add(new TestServiceCalls("HalfDuplexCall", "[{\"responseParameters\": [{\"size\": 2}]}, {\"responseParameters\": [{\"size\": 1}]}]", null,
                List.of("\"body\": \"AAA=\"", "\"body\": \"AA==\""), 0));
        c.add(new TestServiceCalls("UnimplementedCall", null, null, List.of(), UNIMPLEMENTED));
        return c;
    }

    /** Runs the call against {@code target}, through reflection or with our protoset, and checks it. */
    void check(String target, boolean protoset) {
        List<String> args = new ArrayList<>();
        args.add("call");
        if (protoset) args.addAll(List.of("--protoset", Protosets.main().toString()));
        args.add(target);
        args.add("grpc.testing.TestService/" + method);
        if (json != null) args.add(json);
        CliRun r = CliRun.withStdin(stdin == null ? "" : stdin, args.toArray(new String[0]));
        String what = method + (protoset ? " (protoset)" : " (reflection)") + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err();
        assertEquals(exit, r.exit(), what);
        int from = 0;
        for (String piece : outputHas) {
            int at = r.out().indexOf(piece, from);
            assertTrue(at >= 0, "missing, in order: " + piece + "\n" + what);
            from = at + piece.length();
        }
        if (exit == UNIMPLEMENTED) {
            assertTrue(r.err().startsWith("ERROR: UNIMPLEMENTED: "), what);
            assertEquals(1, r.err().lines().count(), what);
        } else {
            assertEquals("", r.err(), what);
        }
    }
}
