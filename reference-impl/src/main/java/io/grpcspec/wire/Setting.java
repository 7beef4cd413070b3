package io.grpcspec.wire;

/** One identifier/value pair of a SETTINGS frame, RFC 9113 §6.5.1. The value is unsigned 32-bit. */
public record Setting(int id, long value) {
    public Setting {
        if (id < 0 || id > 0xffff) throw new IllegalArgumentException("setting id is 16 bits");
        if (value < 0 || value > 0xffffffffL) throw new IllegalArgumentException("setting value is 32 bits");
    }

    @Override
    public String toString() {
        return SettingId.name(id) + "=" + value;
    }
}
