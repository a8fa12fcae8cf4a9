package io.clusterindex.cli;

/** The exit statuses every command answers, which scripts can rely on (stated in each {@code --help}). */
final class ExitCodes {
    static final int OK = 0;
    /** Something failed at run time: Kafka unreachable, a topic missing, a stream error. */
    static final int RUNTIME = 1;
    /** The command line was wrong (picocli's own usage status), or the service's configuration was. */
    static final int USAGE = 2;
    /** The input held bad data ({@code EX_DATAERR} of sysexits.h). */
    static final int DATA_ERROR = 65;

    static final String OK_LINE = "0:success";
    static final String RUNTIME_LINE = "1:runtime failure (Kafka unreachable, topic missing, fatal stream error)";
    static final String USAGE_LINE = "2:usage error (bad options or arguments, bad service configuration)";
    static final String DATA_LINE = "65:bad input data (produce: invalid lines)";

    private ExitCodes() {
    }
}
