package io.clusterindex.it;

import io.clusterindex.events.ErrorCode;

/** What happens to one input record: applied to the view, skipped by the sequence rule, or dead-lettered. */
public record Outcome(Kind kind, ErrorCode code) {
    enum Kind { APPLIED, SKIPPED, REJECTED }

    static final Outcome APPLIED = new Outcome(Kind.APPLIED, null);
    static final Outcome SKIPPED = new Outcome(Kind.SKIPPED, null);

    static Outcome rejected(ErrorCode code) {
        return new Outcome(Kind.REJECTED, code);
    }

    @Override
    public String toString() {
        return kind == Kind.REJECTED ? "REJECTED(" + code + ")" : kind.name();
    }
}
