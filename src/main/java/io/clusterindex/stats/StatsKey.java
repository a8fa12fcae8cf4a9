package io.clusterindex.stats;

/**
 * Key of the stats store: an organization's namespace. Stats are kept per (organization, namespace) so that a
 * namespace id that two organizations' events both use (a producer error) can never mix their figures.
 * Format: {@code <length of organization id>:<organization id><namespace id>}, unambiguous for any ids.
 */
public final class StatsKey {
    private StatsKey() {
    }

    public static String of(String organizationId, String namespaceId) {
        return organizationId.length() + ":" + organizationId + namespaceId;
    }

    public static String organizationOf(String key) {
        int colon = key.indexOf(':');
        return key.substring(colon + 1, colon + 1 + Integer.parseInt(key.substring(0, colon)));
    }

    public static String namespaceOf(String key) {
        int colon = key.indexOf(':');
        return key.substring(colon + 1 + Integer.parseInt(key.substring(0, colon)));
    }
}
