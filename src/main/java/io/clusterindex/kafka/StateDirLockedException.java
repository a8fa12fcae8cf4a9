package io.clusterindex.kafka;

/** Thrown when another process (or this one) already holds the lock of a state directory. */
public final class StateDirLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the state directory and its lock file. */
    public StateDirLockedException(String message) {
        super(message);
    }
}
