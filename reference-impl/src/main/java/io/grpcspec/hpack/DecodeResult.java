package io.grpcspec.hpack;

import io.grpcspec.wire.HeaderField;
import java.util.List;

/** What decoding one header block gave. */
public sealed interface DecodeResult {

    /** The block decoded; {@code fields} is the header list in wire order (unmodifiable). */
    record Fields(List<HeaderField> fields) implements DecodeResult {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The block decoded and the dynamic table is in sync, but the header list passed the limit
     * (SETTINGS_MAX_HEADER_LIST_SIZE) so its fields were dropped (rule HP_14). The connection's
     * compression state is intact: the caller decides what the stream gets.
     * {@code size} is the list size counted over the whole block.
     */
    record ListTooLarge(long size, long limit) implements DecodeResult {
        public String detail() {
            return "header list too large (at least " + size + " bytes)";
        }
    }

    /** The block broke RFC 7541; the decoder's table can no longer be trusted. */
    record Failed(HpackError error) implements DecodeResult {}
}
