package io.grpcspec.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * Java source as a list of tokens with comments gone: identifiers (keywords included), string
 * literals (text blocks too, with their value), character and number literals, and one-character
 * punctuation. It is just enough Java for {@link RuleIndex}: what sits in a comment or inside a
 * string can never look like code to it. Unicode escapes outside literals are not translated.
 */
final class JavaTokens {

    enum Kind { IDENT, STRING, CHAR, NUMBER, PUNCT }

    /** One token: its kind, its text (a string literal's value, without quotes) and its line. */
    record Token(Kind kind, String text, int line) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        boolean punct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }
    }

    private JavaTokens() {}

    static List<Token> of(String src) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(src, i, end, '\n');
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int start = i;
                int from = src.indexOf('\n', i + 3);
                int end = from < 0 ? n : closeTextBlock(src, from);
                out.add(new Token(Kind.STRING, from < 0 ? "" : src.substring(from + 1, Math.max(from + 1, end - 3)), line));
                line += count(src, start, end, '\n');
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = closeQuoted(src, i, c);
                out.add(new Token(c == '"' ? Kind.STRING : Kind.CHAR, unescape(src.substring(i + 1, Math.max(i + 1, end - 1))), line));
                i = end;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(src.charAt(end))) end++;
                out.add(new Token(Kind.IDENT, src.substring(i, end), line));
                i = end;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_' || src.charAt(end) == '.')) end++;
                out.add(new Token(Kind.NUMBER, src.substring(i, end), line));
                i = end;
            } else {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), line));
                i++;
            }
        }
        return out;
    }

    /** The index just past the closing quote of the literal opened at {@code open} (or the line's end). */
    private static int closeQuoted(String src, int open, char quote) {
        int i = open + 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return i; // unterminated: javac would refuse it; stop at the line's end
            } else {
                i++;
            }
        }
        return src.length();
    }

    /** The index just past the {@code """} that closes a text block whose content starts after {@code from}. */
    private static int closeTextBlock(String src, int from) {
        int i = from;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (src.startsWith("\"\"\"", i)) {
                return i + 3;
            } else {
                i++;
            }
        }
        return src.length();
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 's' -> ' ';
                    default -> e; // quotes, backslash; octal and unicode escapes are kept as their letter
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int count(String s, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to && i < s.length(); i++) if (s.charAt(i) == c) k++;
        return k;
    }
}
