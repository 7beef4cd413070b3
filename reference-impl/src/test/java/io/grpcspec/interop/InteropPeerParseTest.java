package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.interop.InteropPeer.CaseResult;
import io.grpcspec.interop.InteropPeer.ClientTarget;
import io.grpcspec.interop.InteropPeer.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's own bookkeeping, without starting any JVM. */
class InteropPeerParseTest {

    @Test
    void batchOutputSplitsIntoCasesAndMissingCasesDidNotRun() {
        String out = """
                JVM warning before any case
                @@interop-case-begin empty_unary
                Running test empty_unary
                Test completed.
                @@interop-case-end empty_unary PASS 120
                @@interop-case-begin large_unary
                Running test large_unary
                io.grpc.StatusRuntimeException: UNAVAILABLE
                @@interop-case-end large_unary FAIL 80
                @@interop-case-begin ping_pong
                Running test ping_pong
                """;
        Map<String, CaseResult> r = InteropPeer.parseCases(out, List.of("empty_unary", "large_unary", "ping_pong", "empty_stream"));
        assertEquals(List.of("empty_unary", "large_unary", "ping_pong", "empty_stream"), List.copyOf(r.keySet()));
        assertTrue(r.get("empty_unary").passed());
        assertEquals(120, r.get("empty_unary").millis());
        assertFalse(r.get("empty_unary").output().contains("JVM warning"));
        assertEquals(Outcome.FAIL, r.get("large_unary").outcome());
        assertTrue(r.get("large_unary").output().contains("UNAVAILABLE"));
        assertEquals(Outcome.DID_NOT_RUN, r.get("ping_pong").outcome());
        assertTrue(r.get("ping_pong").output().contains("Running test ping_pong"), "a killed case keeps what it printed");
        assertEquals(Outcome.DID_NOT_RUN, r.get("empty_stream").outcome());
    }

    @Test
    void passRequiresTheClientsSuccessLine() {
        assertFalse(new CaseResult("x", Outcome.PASS, 1, "Running test x\n").passed());
        assertTrue(new CaseResult("x", Outcome.PASS, 1, "Running test x\nTest completed.\n").passed());
    }

    @Test
    void clientFlagsAreGrpcJavasNames() {
        assertEquals(List.of("--server_host=h", "--server_port=1", "--use_tls=false"), ClientTarget.plaintext("h", 1).flags());
        assertEquals(List.of("--server_host=h", "--server_port=2", "--use_tls=true", "--use_test_ca=true", "--server_host_override=a.b"),
                ClientTarget.tls("h", 2, Path.of("ca.pem"), "a.b").flags());
        assertThrows(IllegalArgumentException.class, () -> new ClientTarget("h", 1, false, Path.of("ca.pem"), null));
    }

    @Test
    void caseListsHaveNoDuplicatesAndTlsIsASubset() {
        assertEquals(19, InteropCases.ALL.size());
        assertEquals(InteropCases.ALL.size(), InteropCases.ALL.stream().distinct().count());
        assertTrue(InteropCases.ALL.containsAll(InteropCases.TLS));
    }
}
