package io.clusterindex.testkit;

import io.clusterindex.events.ErrorCode;
import io.clusterindex.generate.Outcome;

/**
 * The adversarial records of the poison-pill fuzz run ({@link PoisonStream}), each with the outcome events.md (and
 * docs/decisions.md where it is silent) gives it. Every rejected kind is rejected by the envelope parser or by the
 * fold of a cluster that never exists, so its outcome does not depend on what came before it; the applied kinds
 * create clusters of their own.
 */
public enum PoisonKind {
    RANDOM_BYTES(ErrorCode.MALFORMED_JSON, 10, false),
    NOT_JSON_TEXT(ErrorCode.MALFORMED_JSON, 5, false),
    TRUNCATED_AT_RANDOM_BYTE(ErrorCode.MALFORMED_JSON, 20, false),
    JSON_NOT_AN_OBJECT(ErrorCode.MALFORMED_JSON, 10, false),
    EMPTY_VALUE(ErrorCode.MALFORMED_JSON, 3, false),
    NULL_VALUE(ErrorCode.MALFORMED_JSON, 3, false),
    /** 10,000 levels inside {@code data}: beyond the parser's nesting limit (1,000). */
    DEEP_NESTING(ErrorCode.MALFORMED_JSON, 3, false),
    /** 10,000 opening brackets and nothing else. */
    DEEP_NESTING_UNCLOSED(ErrorCode.MALFORMED_JSON, 2, false),
    /** Bare continuation bytes, overlong forms, 5- and 6-byte forms, UTF-8-encoded surrogates, FE/FF, cut sequences. */
    INVALID_UTF8(ErrorCode.MALFORMED_JSON, 15, false),
    /** A <code>&#92;ud800</code>-style escape without its pair, in any string or field name. */
    LONE_SURROGATE_ESCAPE(ErrorCode.MALFORMED_JSON, 10, false),
    /** {@code cluster_id} "x&#92;ud800" keyed by "x?", the bytes Java's encoder makes of it. */
    LONE_SURROGATE_CLUSTER_ID(ErrorCode.MALFORMED_JSON, 3, false),
    /** A raw 0x00 byte inside a string or between tokens (JSON requires control characters escaped). */
    RAW_NUL_BYTE(ErrorCode.MALFORMED_JSON, 4, false),
    /** A number of 5,000 digits: beyond the parser's number length limit (1,000). */
    NUMBER_TOO_LONG(ErrorCode.MALFORMED_JSON, 2, false),
    WRONG_TYPE_ENVELOPE_FIELD(ErrorCode.INVALID_ENVELOPE, 20, false),
    MISSING_ENVELOPE_FIELD(ErrorCode.INVALID_ENVELOPE, 8, false),
    OUT_OF_RANGE_ENVELOPE_FIELD(ErrorCode.INVALID_ENVELOPE, 15, false),
    NULL_KEY(ErrorCode.INVALID_ENVELOPE, 3, false),
    INVALID_UTF8_KEY(ErrorCode.INVALID_ENVELOPE, 3, false),
    /** The key and {@code cluster_id} are the same text in NFC and NFD: different bytes, so different ids. */
    KEY_NORMALISATION_MISMATCH(ErrorCode.INVALID_ENVELOPE, 6, false),
    /** {@code cluster_id} "x&#92;u0000y" keyed by "x". */
    NUL_IN_CLUSTER_ID_NOT_IN_KEY(ErrorCode.INVALID_ENVELOPE, 2, false),
    /** An identifier or {@code occurred_at} hundreds of kilobytes long. */
    OVERSIZED_ENVELOPE_FIELD(ErrorCode.INVALID_ENVELOPE, 1, true),
    /** A record whose value is exactly the size limit, with an envelope error. */
    AT_LIMIT_INVALID(ErrorCode.INVALID_ENVELOPE, 1, true),
    NUL_IN_EVENT_TYPE(ErrorCode.UNKNOWN_EVENT_TYPE, 2, false),
    OVERSIZED_EVENT_TYPE(ErrorCode.UNKNOWN_EVENT_TYPE, 1, true),
    /** A {@code cluster.created} of a new cluster with a required or optional field of the wrong type or value. */
    WRONG_TYPE_DATA_FIELD(ErrorCode.INVALID_DATA, 20, false),
    /** A valid {@code cluster.created} whose value is exactly the size limit (an unknown envelope field pads it). */
    VALID_AT_LIMIT(null, 1, true),
    /** A valid creation whose name is tens of thousands of characters, astral and combining ones included. */
    VALID_LONG_NAME(null, 2, false),
    /** A valid creation with <code>&#92;u0000</code>, other control characters and noncharacters in its strings. */
    VALID_CONTROL_CHARACTERS(null, 4, false),
    /** A valid creation whose id (and key) holds a NUL. */
    VALID_NUL_IN_CLUSTER_ID(null, 2, false),
    /** A valid creation with surrogate pairs written as escapes. */
    VALID_SURROGATE_PAIR_ESCAPES(null, 3, false),
    /** A valid creation whose metadata is nested up to the parser's limit. */
    VALID_DEEP_METADATA(null, 3, false),
    /** Two valid creations whose ids differ in normalisation only: two clusters. */
    NORMALISATION_TWINS(null, 4, false);

    final Outcome expected;
    final int weight;
    /** Whether its records are hundreds of kilobytes or more (kept rare). */
    final boolean large;

    PoisonKind(ErrorCode code, int weight, boolean large) {
        this.expected = code == null ? Outcome.APPLIED : Outcome.rejected(code);
        this.weight = weight;
        this.large = large;
    }

    public Outcome expected() {
        return expected;
    }

    public boolean large() {
        return large;
    }
}
