package io.clusterindex.cli;

/** A run-time failure that the command line reports as one line on stderr, with exit status 1. */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    CommandFailure(String message) {
        super(message);
    }
}
