package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.grpc.MessageDeframer;
import io.grpcspec.spec.keepalive.PingerConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialOptionsTest {

    @Test
    void defaultsAreGrpcGosDefaults() {
        DialOptions d = DialOptions.defaults();
        assertNull(d.tls());
        assertNull(d.blockTimeout());
        assertEquals(DialOptions.PICK_FIRST, d.balancer());
        assertEquals(MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES, d.maxReceiveMessageBytes());
        assertEquals(Integer.MAX_VALUE, d.maxSendMessageBytes());
        assertEquals(PingerConfig.CLIENT_DEFAULT, d.keepalive());
        assertTrue(DialOptions.USER_AGENT.startsWith("grpcspec-java/"), DialOptions.USER_AGENT);
        assertEquals(DialOptions.USER_AGENT, d.fullUserAgent());
    }

    @Test
    void optionsApplyInOrderAndTheLaterOneWins() {
        DialOptions o = DialOptions.defaults().apply(DialOptions.withAuthority("a"), DialOptions.withBalancer(DialOptions.ROUND_ROBIN),
                DialOptions.withAuthority("b"), DialOptions.withBlock(Duration.ofSeconds(3)), DialOptions.withUserAgent("app/2"));
        assertEquals("b", o.authority());
        assertEquals(DialOptions.ROUND_ROBIN, o.balancer());
        assertEquals(Duration.ofSeconds(3), o.blockTimeout());
        assertEquals("app/2 " + DialOptions.USER_AGENT, o.fullUserAgent());
        // The defaults value itself is untouched.
        assertNull(DialOptions.defaults().authority());
    }

    @Test
    void interceptorsAccumulate() {
        ClientInterceptor i1 = new ClientInterceptor() {
            @Override
            public <Q, P> Call<Q, P> interceptCall(io.grpcspec.rpc.MethodDescriptor<Q, P> m, CallOptions o, Invoker next) {
                return next.newCall(m, o);
            }
        };
        ClientInterceptor i2 = new ClientInterceptor() {
            @Override
            public <Q, P> Call<Q, P> interceptCall(io.grpcspec.rpc.MethodDescriptor<Q, P> m, CallOptions o, Invoker next) {
                return next.newCall(m, o);
            }
        };
        DialOptions o = DialOptions.defaults().apply(DialOptions.withInterceptors(i1), DialOptions.withInterceptors(i2));
        assertEquals(List.of(i1, i2), o.interceptors());
    }

    @Test
    void keepaliveGetsTheClientFloor() {
        DialOptions o = DialOptions.defaults().apply(DialOptions.withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(5), true));
        assertEquals(PingerConfig.CLIENT_MIN_TIME, o.keepalive().timeNanos());
        assertTrue(o.keepalive().permitWithoutCalls());
    }

    @Test
    void unknownBalancerIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DialOptions.defaults().apply(DialOptions.withBalancer("least_request")));
        assertTrue(e.getMessage().contains("least_request"), e.getMessage());
    }

    @Test
    void registryParsesWithItsSchemes() {
        ResolverRegistry r = ResolverRegistry.defaults().with("Example", Resolver.fixed(List.of()));
        assertEquals("example", r.parse("example://auth/name").value().scheme());
        // Without the registration "example:" is part of a dns name.
        assertEquals("dns", ResolverRegistry.defaults().parse("example:///name").value().scheme());
        assertEquals("dns", r.parse("localhost:50051").value().scheme());
        assertThrows(IllegalArgumentException.class, () -> r.with("1bad", Resolver.fixed(List.of())));
    }

    @Test
    void builtInResolvers() {
        ResolverRegistry r = ResolverRegistry.defaults();
        Target dns = r.parse("dns:///localhost:50051").value();
        Resolver.Addresses a = (Resolver.Addresses) r.get("dns").resolve(dns);
        assertTrue(a.addresses().stream().allMatch(x -> ((InetSocketAddress) x).getPort() == 50051 && !((InetSocketAddress) x).isUnresolved()),
                a.toString());
        Target pass = r.parse("passthrough:///some.host:7").value();
        List<SocketAddress> p = ((Resolver.Addresses) r.get("passthrough").resolve(pass)).addresses();
        assertEquals(List.of(InetSocketAddress.createUnresolved("some.host", 7)), p);
        Target unix = r.parse("unix:///tmp/grpc.sock").value();
        assertEquals(List.of(UnixDomainSocketAddress.of("/tmp/grpc.sock")),
                ((Resolver.Addresses) r.get("unix").resolve(unix)).addresses());
        Resolver.Failed f = (Resolver.Failed) r.get("dns").resolve(r.parse("dns:///no-such-host.invalid:1").value());
        assertTrue(f.reason().contains("no-such-host.invalid"), f.reason());
    }

    @Test
    void unixTargetsWithoutAServerFailWithAPreciseReason() {
        DialException e = assertThrows(DialException.class, () -> Grpc.dial("unix:///tmp/grpcspec-none.sock",
                DialOptions.withBlock(Duration.ofSeconds(3))));
        assertTrue(e.getMessage().contains("unix domain socket /tmp/grpcspec-none.sock: "), e.getMessage());
    }
}
