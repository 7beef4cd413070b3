package io.grpcspec.testing;

import io.grpcspec.proto.test.Box;
import io.grpcspec.proto.test.BoxesOuterClass;
import io.grpcspec.proto.test.Item;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StreamObserver;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

/**
 * {@code grpcspec.test.Boxes} (src/test/proto/grpcspec/test/boxes.proto) on our server, with its
 * descriptor: messages with Any, maps, oneofs, nested types and extensions, one method per shape.
 */
public final class BoxesService {
    public static final String SERVICE = "grpcspec.test.Boxes";
    public static final Descriptors.ServiceDescriptor DESCRIPTOR = BoxesOuterClass.getDescriptor().findServiceByName("Boxes");

    public static final MethodDescriptor<Box, Box> ECHO = m("Echo", MethodType.UNARY, Box.getDefaultInstance(), Box.getDefaultInstance());
    public static final MethodDescriptor<Box, Item> SPLIT = m("Split", MethodType.SERVER_STREAMING, Box.getDefaultInstance(), Item.getDefaultInstance());
    public static final MethodDescriptor<Item, Box> COLLECT = m("Collect", MethodType.CLIENT_STREAMING, Item.getDefaultInstance(), Box.getDefaultInstance());
    public static final MethodDescriptor<Box, Box> CHAT = m("Chat", MethodType.BIDI_STREAMING, Box.getDefaultInstance(), Box.getDefaultInstance());

    private BoxesService() {}

    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SERVICE).proto(DESCRIPTOR)
                .method(ECHO, (ServerMethods.Unary<Box, Box>) (box, ctx) -> box)
                .method(SPLIT, (ServerMethods.ServerStreaming<Box, Item>) (box, out, ctx) -> {
                    box.getItemsList().forEach(out::onNext);
                    out.onCompleted();
                })
                .method(COLLECT, (ServerMethods.ClientStreaming<Item, Box>) (out, ctx) -> new StreamObserver<>() {
                    private final Box.Builder box = Box.newBuilder();

                    @Override
                    public void onNext(Item item) {
                        box.addItems(item);
                    }

                    @Override
                    public void onError(Throwable error) {
                        // the client went away
                    }

                    @Override
                    public void onCompleted() {
                        out.onNext(box.build());
                        out.onCompleted();
                    }
                })
                .method(CHAT, (ServerMethods.BidiStreaming<Box, Box>) (out, ctx) -> new StreamObserver<>() {
                    @Override
                    public void onNext(Box box) {
                        out.onNext(box);
                    }

                    @Override
                    public void onError(Throwable error) {
                        // the client went away
                    }

                    @Override
                    public void onCompleted() {
                        out.onCompleted();
                    }
                })
                .build();
    }

    private static <Q extends Message, P extends Message> MethodDescriptor<Q, P> m(String name, MethodType type, Q req, P resp) {
        return MethodDescriptor.of(SERVICE, name, type, ProtoMarshaller.of(req), ProtoMarshaller.of(resp));
    }
}
