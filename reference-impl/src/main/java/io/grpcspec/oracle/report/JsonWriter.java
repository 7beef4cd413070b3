package io.grpcspec.oracle.report;

import io.grpcspec.wire.JsonText;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer for the oracle's reports (RFC 8259): objects and arrays nest,
 * commas and key quoting are handled here, strings are escaped by {@link JsonText#quote}. Output
 * is indented two spaces per level so a report reads well in a terminal and diffs well.
 *
 * <p>Misuse (a value where a key is due, closing what was not opened) throws
 * {@link IllegalStateException}: a report is built by our own code, never from peer input.
 */
public final class JsonWriter {

    private enum Ctx { OBJECT, ARRAY }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Ctx> stack = new ArrayDeque<>();
    /** Per open level: has it any member yet (so the next one needs a comma). */
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean keyPending;

    public JsonWriter beginObject() {
        value();
        out.append('{');
        push(Ctx.OBJECT);
        return this;
    }

    public JsonWriter endObject() {
        pop(Ctx.OBJECT);
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        value();
        out.append('[');
        push(Ctx.ARRAY);
        return this;
    }

    public JsonWriter endArray() {
        pop(Ctx.ARRAY);
        out.append(']');
        return this;
    }

    /** The key of the next member of the current object. */
    public JsonWriter name(String key) {
        if (stack.peek() != Ctx.OBJECT || keyPending) throw new IllegalStateException("a key is not expected here: " + key);
        separator();
        JsonText.quote(out, key);
        out.append(": ");
        keyPending = true;
        return this;
    }

    public JsonWriter value(String s) {
        value();
        if (s == null) out.append("null");
        else JsonText.quote(out, s);
        return this;
    }

    public JsonWriter value(long n) {
        value();
        out.append(n);
        return this;
    }

    public JsonWriter value(double d) {
        value();
        if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a JSON number: " + d);
        out.append(d);
        return this;
    }

    public JsonWriter value(boolean b) {
        value();
        out.append(b);
        return this;
    }

    /** Shorthand for {@code name(key).value(s)}. */
    public JsonWriter field(String key, String s) {
        return name(key).value(s);
    }

    public JsonWriter field(String key, long n) {
        return name(key).value(n);
    }

    public JsonWriter field(String key, boolean b) {
        return name(key).value(b);
    }

    /** The document; every object and array must be closed. */
    public String toJson() {
        if (!stack.isEmpty()) throw new IllegalStateException("unclosed " + stack.peek().name().toLowerCase());
        return out.append('\n').toString();
    }

    private void value() {
        if (stack.peek() == Ctx.OBJECT) {
            if (!keyPending) throw new IllegalStateException("a value in an object needs a key first");
            keyPending = false;
        } else if (stack.peek() == Ctx.ARRAY) {
            separator();
        } else if (out.length() > 0) {
            throw new IllegalStateException("a JSON document has one top-level value");
        }
    }

    private void separator() {
        if (Boolean.TRUE.equals(nonEmpty.peek())) out.append(',');
        if (!nonEmpty.isEmpty()) {
            nonEmpty.pop();
            nonEmpty.push(true);
        }
        out.append('\n').append("  ".repeat(stack.size()));
    }

    private void push(Ctx c) {
        stack.push(c);
        nonEmpty.push(false);
    }

    private void pop(Ctx c) {
        if (stack.peek() != c || keyPending) throw new IllegalStateException("cannot close " + c.name().toLowerCase() + " here");
        stack.pop();
        boolean had = nonEmpty.pop();
        if (had) out.append('\n').append("  ".repeat(stack.size()));
    }
}
