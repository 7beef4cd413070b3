package io.grpcspec.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/** A marshaller for one protobuf message type. */
public final class ProtoMarshaller<T extends Message> implements Marshaller<T> {
    private final T defaultInstance;
    private final Parser<? extends Message> parser;

    private ProtoMarshaller(T defaultInstance) {
        this.defaultInstance = defaultInstance;
        this.parser = defaultInstance.getParserForType();
    }

    public static <T extends Message> ProtoMarshaller<T> of(T defaultInstance) {
        return new ProtoMarshaller<>(defaultInstance);
    }

    /** The message type's default instance (for JSON and descriptors). */
    public T defaultInstance() {
        return defaultInstance;
    }

    @Override
    public byte[] toBytes(T value) {
        return value.toByteArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T fromBytes(byte[] bytes) {
        try {
            return (T) parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a " + defaultInstance.getDescriptorForType().getFullName()
                    + ": " + e.getMessage(), e);
        }
    }
}
