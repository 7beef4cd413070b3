package io.grpcspec.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Request messages as JSON text, one value at a time, read as they come (so a bidi call can
 * answer each line before the next is typed): either one JSON array whose elements are the
 * messages, or JSON values one after another, separated by whitespace (one per line, or
 * concatenated objects, as grpcurl reads them), after an optional byte order mark. Only the
 * boundaries of values are found here;
 * each value is parsed against its message type by {@link JsonCodec}, which reports errors
 * inside it.
 */
final class JsonInput {

    /** The text is not a sequence of JSON values; the message says where. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private final Reader in;
    private int peeked = -2;
    private int line = 1;
    /** 0 before the first value, 1 inside a top-level array, 2 reading values one after another, 3 done. */
    private int mode;
    private int count;

    JsonInput(Reader in) {
        this.in = in;
    }

    /** The values of {@code text}, all at once (for tests and literal arguments). */
    static List<String> split(String text) throws SyntaxError {
        JsonInput r = new JsonInput(new java.io.StringReader(text));
        List<String> out = new ArrayList<>();
        try {
            for (String v; (v = r.next()) != null; ) out.add(v);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
        return out;
    }

    /** The next value's text, or null at the end of the input. */
    String next() throws IOException, SyntaxError {
        if (mode == 3) return null;
        if (mode == 0 && peek() == 0xFEFF) read(); // a byte order mark before the text (RFC 8259 §8.1 lets us skip it)
        skipSpace();
        int c = peek();
        if (mode == 0) {
            if (c == -1) {
                mode = 3;
                return null;
            }
            if (c == '[') {
                read();
                mode = 1;
                skipSpace();
                if (peek() == ']') {
                    read();
                    return end();
                }
            } else {
                mode = 2;
            }
            c = peek();
        } else if (mode == 1) {
            if (c == ']') {
                read();
                return end();
            }
            if (c != ',') throw new SyntaxError("expected ',' or ']' after element " + count + " of the JSON array (line " + line + ")");
            read();
            skipSpace();
            c = peek();
        } else if (c == -1) {
            mode = 3;
            return null;
        }
        if (c == -1) throw new SyntaxError("the input ends inside the JSON array (line " + line + ")");
        String v = value();
        count++;
        return v;
    }

    /** After the top-level array's ']': only whitespace may follow. */
    private String end() throws IOException, SyntaxError {
        skipSpace();
        if (peek() != -1) throw new SyntaxError("text after the end of the JSON array (line " + line + ")");
        mode = 3;
        return null;
    }

    /** One JSON value: an object or array (nesting and strings tracked), a string, or a bare scalar. */
    private String value() throws IOException, SyntaxError {
        StringBuilder b = new StringBuilder();
        int start = line;
        int c = peek();
        if (c == '{' || c == '[') {
            int depth = 0;
            boolean inString = false;
            do {
                c = read();
                if (c == -1) throw new SyntaxError("the input ends inside a JSON value that starts on line " + start);
                b.append((char) c);
                if (inString) {
                    if (c == '\\') {
                        int e = read();
                        if (e == -1) throw new SyntaxError("the input ends inside a JSON string that starts on line " + start);
                        b.append((char) e);
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            } while (depth > 0);
            return b.toString();
        }
        if (c == '"') {
            b.append((char) read());
            while (true) {
                c = read();
                if (c == -1) throw new SyntaxError("the input ends inside a JSON string that starts on line " + start);
                b.append((char) c);
                if (c == '\\') {
                    int e = read();
                    if (e == -1) throw new SyntaxError("the input ends inside a JSON string that starts on line " + start);
                    b.append((char) e);
                } else if (c == '"') {
                    return b.toString();
                }
            }
        }
        // A number, true, false or null: up to whitespace or a delimiter.
        while ((c = peek()) != -1 && !Character.isWhitespace(c) && c != ',' && c != ']' && c != '[' && c != '{' && c != '}') {
            b.append((char) read());
        }
        if (b.isEmpty()) throw new SyntaxError("unexpected '" + (char) c + "' where a JSON value should start (line " + line + ")");
        return b.toString();
    }

    private void skipSpace() throws IOException {
        while (peek() != -1 && Character.isWhitespace(peek())) read();
    }

    private int peek() throws IOException {
        if (peeked == -2) peeked = in.read();
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        if (c == '\n') line++;
        return c;
    }

    /**
     * The members of a JSON object as name (unescaped only for plain names) and value text, or
     * null when {@code text} is not an object. Used to find which field a parse error is in.
     */
    static List<String[]> members(String text) {
        String t = text.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) return null;
        List<String[]> out = new ArrayList<>();
        JsonInput r = new JsonInput(new java.io.StringReader(t.substring(1, t.length() - 1)));
        try {
            while (true) {
                r.skipSpace();
                if (r.peek() == -1) return out;
                if (r.peek() != '"') return null;
                String name = r.value();
                r.skipSpace();
                if (r.read() != ':') return null;
                r.skipSpace();
                String value = r.value();
                out.add(new String[] {name.substring(1, name.length() - 1), value});
                r.skipSpace();
                int c = r.peek();
                if (c == ',') r.read();
                else if (c != -1) return null;
            }
        } catch (IOException | SyntaxError e) {
            return null;
        }
    }
}
