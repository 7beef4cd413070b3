package io.grpcspec.property.engine;

/**
 * The choices {@code [start, end)} one structural unit consumed: one {@link Source#draw(Gen)}
 * call or one element of a {@link Many} loop. Deleting a whole span removes a whole list element
 * or frame at once, which blind fixed-size deletions rarely hit. {@code depth} is the nesting
 * level; adjacent spans of equal depth and length are siblings the shrinker may reorder.
 */
record Span(int start, int end, int depth) {
    int length() {
        return end - start;
    }
}
