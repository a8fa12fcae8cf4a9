package io.clusterindex.generate;

import io.clusterindex.events.ErrorCode;

/** What happens to one input record: applied to the view, skipped by the sequence rule, or dead-lettered. */
public record Outcome(Kind kind, ErrorCode code) {
    public enum Kind { APPLIED, SKIPPED, REJECTED }

    public static final Outcome APPLIED = new Outcome(Kind.APPLIED, null);
    public static final Outcome SKIPPED = new Outcome(Kind.SKIPPED, null);

    public static Outcome rejected(ErrorCode code) {
        return new Outcome(Kind.REJECTED, code);
    }

    @Override
    public String toString() {
        return kind == Kind.REJECTED ? "REJECTED(" + code + ")" : kind.name();
    }
}
