package io.grpcspec.property.model;

/** One end of the modelled connection. */
public enum Side {
    CLIENT, SERVER;

    public Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** "C" or "S" for traces. */
    public String letter() {
        return this == CLIENT ? "C" : "S";
    }
}
