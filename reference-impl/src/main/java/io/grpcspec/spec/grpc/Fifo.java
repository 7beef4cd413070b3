package io.grpcspec.spec.grpc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An immutable first-in-first-out queue whose {@link #add} and {@link #poll} cost O(1)
 * amortised: a front list read in order and a back list kept in reverse, reversed into the
 * front when the front runs out (the classic two-list queue). The call machines keep messages
 * waiting for the application and request parts kept for a replay in one, so that a backlog of
 * many small messages costs no copy per message.
 *
 * <p>A value: {@link #equals} and {@link #hashCode} compare the elements in order, iteratively
 * (a long backlog must not overflow the stack the way nested records would).
 */
public final class Fifo<T> implements Iterable<T> {

    /** One cell of an immutable singly linked list. Identity only: the queue compares elements. */
    private static final class Node<T> {
        final T head;
        final Node<T> tail;

        Node(T head, Node<T> tail) {
            this.head = head;
            this.tail = tail;
        }
    }

    private static final Fifo<?> EMPTY = new Fifo<>(null, null, 0);

    private final Node<T> front; // oldest first
    private final Node<T> back;  // newest first
    private final int size;

    private Fifo(Node<T> front, Node<T> back, int size) {
        this.front = front;
        this.back = back;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <T> Fifo<T> empty() {
        return (Fifo<T>) EMPTY;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The queue with {@code item} added at the end. */
    public Fifo<T> add(T item) {
        Objects.requireNonNull(item);
        if (front == null) return new Fifo<>(new Node<>(item, null), null, 1);
        return new Fifo<>(front, new Node<>(item, back), size + 1);
    }

    /** The oldest element. */
    public T peek() {
        if (front == null) throw new NoSuchElementException("empty queue");
        return front.head;
    }

    /** The queue without its oldest element. */
    public Fifo<T> poll() {
        if (front == null) throw new NoSuchElementException("empty queue");
        if (front.tail != null) return new Fifo<>(front.tail, back, size - 1);
        // The front is used up: the back, reversed, becomes the new front.
        Node<T> reversed = null;
        for (Node<T> n = back; n != null; n = n.tail) reversed = new Node<>(n.head, reversed);
        return reversed == null ? empty() : new Fifo<>(reversed, null, size - 1);
    }

    /** The elements, oldest first. */
    public List<T> toList() {
        List<T> out = new ArrayList<>(size);
        for (T t : this) out.add(t);
        return out;
    }

    @Override
    public Iterator<T> iterator() {
        List<T> newestFirst = new ArrayList<>();
        for (Node<T> n = back; n != null; n = n.tail) newestFirst.add(n.head);
        return new Iterator<>() {
            Node<T> at = front;
            int fromBack = newestFirst.size() - 1;

            @Override
            public boolean hasNext() {
                return at != null || fromBack >= 0;
            }

            @Override
            public T next() {
                if (at != null) {
                    T t = at.head;
                    at = at.tail;
                    return t;
                }
                if (fromBack < 0) throw new NoSuchElementException();
                return newestFirst.get(fromBack--);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Fifo<?> other) || other.size != size) return false;
        Iterator<?> a = iterator();
        Iterator<?> b = other.iterator();
        while (a.hasNext()) {
            if (!a.next().equals(b.next())) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (T t : this) h = 31 * h + t.hashCode();
        return h;
    }

    @Override
    public String toString() {
        return size + " queued";
    }
}
