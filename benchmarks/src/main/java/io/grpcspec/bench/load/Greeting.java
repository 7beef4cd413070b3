package io.grpcspec.bench.load;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import java.io.IOException;

/** The unary call every measurement makes: {@code SayHello{name: "world"}}, answered by {@code "Hello world"}. */
final class Greeting {
    private Greeting() {}

    static final String PATH = "/helloworld.Greeter/SayHello";
    static final HelloRequest REQUEST = HelloRequest.newBuilder().setName("world").build();
    static final byte[] REQUEST_BYTES = REQUEST.toByteArray();
    static final String EXPECTED = "Hello world";

    /** One SayHello on a raw connection; fails unless the reply is the expected greeting. */
    static void call(RawConnection c) throws IOException {
        check(c.unary(PATH, REQUEST_BYTES));
    }

    static void check(byte[] reply) throws IOException {
        String got;
        try {
            got = HelloReply.parseFrom(reply).getMessage();
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("reply is not a HelloReply: " + e.getMessage(), e);
        }
        if (!got.equals(EXPECTED)) throw new IOException("reply says '" + got + "', not '" + EXPECTED + "'");
    }
}
