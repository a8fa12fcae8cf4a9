package io.clusterindex.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 (and of OpenMetrics 1.0 text, which ends with
 * {@code # EOF}), written for the tests because no parser of it is on the class path: every line must be a
 * {@code # HELP}, a {@code # TYPE} with a known type, or a sample of a family whose {@code # TYPE} came before it,
 * with valid metric and label names, correctly escaped label values, no label twice, and a number.
 */
final class PrometheusText {
    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(String label, String value) {
            return value.equals(labels.get(label));
        }
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary"
            + "|untyped|unknown|info|stateset|gaugehistogram)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+(\\.\\d+)?)?"
            + "( # .*)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|[-+]?Inf|NaN");
    private static final List<String> SUFFIXES = List.of("", "_total", "_created", "_bucket", "_count", "_sum",
            "_max", "_info", "_gcount", "_gsum");

    private PrometheusText() {
    }

    /** Every sample of {@code text}; throws {@link IllegalArgumentException} naming the first line that is wrong. */
    static List<Sample> parse(String text, boolean openMetrics) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a new line");
        }
        String[] lines = text.split("\n", -1);
        Set<String> families = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        boolean eof = false;
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            if (eof) {
                throw new IllegalArgumentException("line " + (i + 1) + " after # EOF: " + line);
            }
            Matcher type = TYPE.matcher(line);
            if (line.equals("# EOF") && openMetrics) {
                eof = true;
            } else if (type.matches()) {
                if (!families.add(type.group(1))) {
                    throw new IllegalArgumentException("line " + (i + 1) + " declares " + type.group(1) + " again");
                }
            } else if (!HELP.matcher(line).matches()) {
                samples.add(sample(line, i + 1, families));
            }
        }
        if (openMetrics && !eof) {
            throw new IllegalArgumentException("an OpenMetrics exposition must end with # EOF");
        }
        return samples;
    }

    private static Sample sample(String line, int number, Set<String> families) {
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches() || !NUMBER.matcher(sample.group(4)).matches()) {
            throw new IllegalArgumentException("line " + number + " is not a sample: " + line);
        }
        String name = sample.group(1);
        if (SUFFIXES.stream().noneMatch(suffix -> name.endsWith(suffix)
                && families.contains(name.substring(0, name.length() - suffix.length())))) {
            throw new IllegalArgumentException("line " + number + ": no # TYPE before the sample of " + name);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String body = sample.group(3);
        if (body != null && !body.isEmpty()) {
            Matcher label = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!label.find(at) || label.start() != at) {
                    throw new IllegalArgumentException("line " + number + ": bad labels at " + body.substring(at));
                }
                if (labels.put(label.group(1), unescape(label.group(2))) != null) {
                    throw new IllegalArgumentException("line " + number + ": label " + label.group(1) + " twice");
                }
                at = label.end();
                if (at < body.length()) {
                    if (body.charAt(at) != ',') {
                        throw new IllegalArgumentException("line " + number + ": labels not separated by commas");
                    }
                    at++;
                }
            }
        }
        String value = sample.group(4);
        double parsed = value.endsWith("Inf") ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY
                : Double.POSITIVE_INFINITY) : Double.parseDouble(value);
        return new Sample(name, labels, parsed);
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
