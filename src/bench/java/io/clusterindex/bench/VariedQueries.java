package io.clusterindex.bench;

import static io.clusterindex.bench.QueryMix.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.bench.QueryMix.Draw;
import io.clusterindex.bench.QueryMix.Kind;
import io.clusterindex.bench.QueryMix.Query;
import io.clusterindex.fold.Timestamps;
import io.clusterindex.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The varied queries of the benchmark: every request carries new values, drawn from the distributions of
 * {@link QueryDataset} (its words, teams, statuses, creation window, priorities and names), so that no cache of a
 * condition's verdict can be the reason a query is fast. Instants are drawn to the millisecond, search words are
 * random 3..8-character substrings of the data's words, regexes are built from random prefixes of names the
 * generator makes.
 *
 * <p>q1v..q5v vary q1..q5; q8 is the issue's "new search word, {@code created_at gte} a new instant,
 * {@code metadata.priority gte} a new number, newest first"; q9 its "new anchored regex on {@code cluster_name},
 * sorted by name".
 */
final class VariedQueries {
    static final List<String> SORT_FIELDS = List.of("created_at", "updated_at", "cluster_name",
            "num_documents_clustered");
    static final int MAX_OFFSET = 500;
    /** q2v keeps q2's offset, the deep page that scatter-gather finds hardest. */
    static final int Q2V_OFFSET = 500;
    static final int MIN_WORD = 3;
    static final int MAX_WORD = 8;
    static final int MIN_PREFIX = 6;
    static final int MAX_PREFIX = 20;
    private static final String REGEX_META = "\\.+*?()|[]{}^$";

    private VariedQueries() {
    }

    /** q1v, q2v, q3v, q4v, q5v, q8, q9. */
    static List<Query> all() {
        return List.of(
                new Query("q1v", "no filter; sort by a random field of " + SORT_FIELDS
                        + ", random direction, random offset 0.." + MAX_OFFSET, Kind.LIST, VariedQueries::q1v, true),
                new Query("q2v", "status in a random subset AND created_at gte a random instant, sort"
                        + " num_documents_clustered desc, offset " + Q2V_OFFSET, Kind.LIST, VariedQueries::q2v, true),
                new Query("q3v", "search a random word AND metadata.team eq a random team", Kind.LIST,
                        VariedQueries::q3v, true),
                new Query("q4v", "cluster_name regex 'by (a|b) #[x-y][0-9]*$' with random aspects, digits and tail,"
                        + " sort cluster_name asc", Kind.LIST, VariedQueries::q4v, true),
                new Query("q5v", "q5's AND/OR/NOT tree with drawn values", Kind.LIST, VariedQueries::q5v, true),
                new Query("q8", "search a random word AND created_at gte a random instant AND metadata.priority gte"
                        + " a random number, sort created_at desc", Kind.LIST, VariedQueries::q8, true),
                new Query("q9", "cluster_name regex '^<random prefix of a name>' (sometimes with .* or [0-9]),"
                        + " sort cluster_name asc", Kind.LIST, VariedQueries::q9, true));
    }

    static Draw q1v(SplittableRandom random) {
        String field = SORT_FIELDS.get(random.nextInt(SORT_FIELDS.size()));
        boolean descending = random.nextBoolean();
        int offset = random.nextInt(MAX_OFFSET + 1);
        ObjectNode body = Json.NODES.objectNode();
        sort(body, field, descending);
        return new Draw(list(offset, body), c -> true, QueryMix.order(field, descending), offset);
    }

    static Draw q2v(SplittableRandom random) {
        List<String> statuses = subset(random, QueryDataset.STATUSES);
        String from = Timestamps.format(QueryDataset.drawCreatedAt(random));
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode and = body.putObject("filters").putArray("AND");
        condition(and, "status", "in").set("value", Json.MAPPER.valueToTree(statuses));
        condition(and, "created_at", "gte").put("value", from);
        sort(body, "num_documents_clustered", true);
        return new Draw(list(Q2V_OFFSET, body), c -> statuses.contains(text(c, "status")) && notBefore(c, from),
                QueryMix.order("num_documents_clustered", true), Q2V_OFFSET);
    }

    static Draw q3v(SplittableRandom random) {
        String word = searchWord(random);
        String team = QueryDataset.drawTeam(random);
        ObjectNode body = Json.NODES.objectNode();
        body.put("search", word);
        condition(body.putObject("filters").putArray("AND"), "metadata.team", "eq").put("value", team);
        return new Draw(list(0, body),
                c -> team.equals(text(c.path("metadata"), "team")) && QueryMix.searchMatches(c, word),
                QueryMix.NEWEST_FIRST, 0);
    }

    static Draw q4v(SplittableRandom random) {
        List<String> aspects = new ArrayList<>(QueryDataset.byAspects());
        List<String> chosen = new ArrayList<>();
        for (int i = random.nextInt(1, 4); i > 0; i--) {
            chosen.add(escape(aspects.remove(random.nextInt(aspects.size()))));
        }
        int low = random.nextInt(1, 10);
        int high = random.nextInt(low, 10);
        String tail = switch (random.nextInt(3)) {
            case 0 -> "[0-9]*$";
            case 1 -> "[0-9]{" + random.nextInt(1, 4) + "}$";
            default -> "[0-9]+$";
        };
        String regex = "by (" + String.join("|", chosen) + ") #[" + low + "-" + high + "]" + tail;
        return regexDraw(regex);
    }

    static Draw q5v(SplittableRandom random) {
        String type = random.nextInt(5) != 0 ? "vector" : "attribute";
        String env = QueryDataset.ENVS.get(random.nextInt(QueryDataset.ENVS.size()));
        List<String> tiers = new ArrayList<>();
        for (int i = random.nextInt(1, 3); i > 0; i--) {
            String tier = QueryDataset.drawTier(random);
            if (!tiers.contains(tier)) {
                tiers.add(tier);
            }
        }
        long documents = QueryDataset.drawDocuments(random);
        String algorithm = QueryDataset.ALGORITHMS.get(random.nextInt(QueryDataset.ALGORITHMS.size()));
        String status = QueryDataset.STATUSES.get(random.nextInt(QueryDataset.STATUSES.size()));
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode and = body.putObject("filters").putArray("AND");
        condition(and, "cluster_type", "eq").put("value", type);
        ArrayNode or = and.addObject().putArray("OR");
        condition(or, "metadata.env", "eq").put("value", env);
        ArrayNode inner = or.addObject().putArray("AND");
        condition(inner, "metadata.tier", "in").set("value", Json.MAPPER.valueToTree(tiers));
        condition(inner, "num_documents_clustered", "gte").put("value", documents);
        ArrayNode not = and.addObject().putArray("NOT");
        condition(not, "algorithm", "eq").put("value", algorithm);
        condition(not, "status", "eq").put("value", status);
        Predicate<JsonNode> matches = c -> {
            Long clustered = QueryMix.number(c, "num_documents_clustered");
            return type.equals(text(c, "cluster_type"))
                    && (env.equals(text(c.path("metadata"), "env"))
                        || tiers.contains(text(c.path("metadata"), "tier")) && clustered != null
                           && clustered >= documents)
                    && !algorithm.equals(text(c, "algorithm")) && !status.equals(text(c, "status"));
        };
        return new Draw(list(0, body), matches, QueryMix.NEWEST_FIRST, 0);
    }

    static Draw q8(SplittableRandom random) {
        String word = searchWord(random);
        String from = Timestamps.format(QueryDataset.drawCreatedAt(random));
        int priority = priorityThreshold(random);
        ObjectNode body = Json.NODES.objectNode();
        body.put("search", word);
        ArrayNode and = body.putObject("filters").putArray("AND");
        condition(and, "created_at", "gte").put("value", from);
        condition(and, "metadata.priority", "gte").put("value", priority);
        sort(body, "created_at", true);
        return new Draw(list(0, body), c -> notBefore(c, from) && c.path("metadata").path("priority").isIntegralNumber()
                        && c.path("metadata").path("priority").longValue() >= priority
                        && QueryMix.searchMatches(c, word),
                QueryMix.NEWEST_FIRST, 0);
    }

    static Draw q9(SplittableRandom random) {
        return regexDraw(nameRegex(random, QueryDataset.drawName(random)));
    }

    /** A random substring, {@value #MIN_WORD}..{@value #MAX_WORD} characters, of a word of the data. */
    static String searchWord(SplittableRandom random) {
        String word = QueryDataset.drawWord(random);
        while (word.length() < MIN_WORD) {
            word = QueryDataset.drawWord(random);
        }
        int length = random.nextInt(MIN_WORD, Math.min(MAX_WORD, word.length()) + 1);
        int start = random.nextInt(word.length() - length + 1);
        return word.substring(start, start + length);
    }

    /** A {@code metadata.priority gte} threshold: where most priorities are (exponential, mean 120), 0..1000. */
    static int priorityThreshold(SplittableRandom random) {
        return (int) Math.min(QueryDataset.PRIORITY_MAX, -Math.log(1.0 - random.nextDouble()) * 120);
    }

    /**
     * An anchored regex that {@code name} matches: {@code ^} and a random prefix of it, {@value #MIN_PREFIX}..{@value
     * #MAX_PREFIX} characters, escaped; in 4 of 10 a {@code .*} replaces a middle part, in 4 of 10 the prefix
     * (cut before the number) is followed by {@code .*#}, the number's first one or two digits and {@code [0-9]*}.
     */
    static String nameRegex(SplittableRandom random, String name) {
        String prefix = name.substring(0, Math.min(name.length(), random.nextInt(MIN_PREFIX, MAX_PREFIX + 1)));
        int variant = random.nextInt(10);
        if (variant < 2 || prefix.length() < 4) {
            return "^" + escape(prefix);
        }
        if (variant < 6) {
            int cut = random.nextInt(2, prefix.length() - 1);
            int resume = random.nextInt(cut, prefix.length());
            return "^" + escape(prefix.substring(0, cut)) + ".*" + escape(prefix.substring(resume));
        }
        int hash = name.lastIndexOf('#');
        String head = prefix.indexOf('#') >= 0 ? prefix.substring(0, prefix.indexOf('#')) : prefix;
        String number = name.substring(hash + 1);
        String digits = number.substring(0, Math.min(number.length(), random.nextInt(1, 3)));
        return "^" + escape(head) + ".*#" + digits + "[0-9]*";
    }

    /** {@code literal} with every RE2 (and java.util.regex) metacharacter escaped by a backslash. */
    static String escape(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (REGEX_META.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** A non-empty random subset of {@code values}, in their order. */
    static List<String> subset(SplittableRandom random, List<String> values) {
        while (true) {
            List<String> chosen = new ArrayList<>();
            for (String value : values) {
                if (random.nextBoolean()) {
                    chosen.add(value);
                }
            }
            if (!chosen.isEmpty()) {
                return List.copyOf(chosen);
            }
        }
    }

    /** A regex on {@code cluster_name}, sorted by name. */
    private static Draw regexDraw(String regex) {
        ObjectNode body = Json.NODES.objectNode();
        condition(body.putObject("filters").putArray("AND"), "cluster_name", "regex").put("value", regex);
        sort(body, "cluster_name", false);
        Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        return new Draw(list(0, body), c -> {
            String name = text(c, "cluster_name");
            return name != null && pattern.matcher(name).find();
        }, QueryMix.order("cluster_name", false), 0);
    }

    private static boolean notBefore(JsonNode cluster, String from) {
        String createdAt = text(cluster, "created_at");
        return createdAt != null && QueryMix.compareTimestamps(createdAt, from) >= 0;
    }

    private static ObjectNode condition(ArrayNode group, String field, String operator) {
        return group.addObject().put("field", field).put("operator", operator);
    }

    private static void sort(ObjectNode body, String field, boolean descending) {
        body.putObject("sort").put("field", field).put("direction", descending ? "desc" : "asc");
    }

    private static QueryClient.Request list(int offset, ObjectNode body) {
        return new QueryClient.Request("POST", "/v1/clusters/list?limit=" + QueryMix.LIMIT + "&offset=" + offset,
                body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
