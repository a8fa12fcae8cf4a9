package io.clusterindex.cli;

import picocli.CommandLine.IVersionProvider;

/** The Maven project version, from the jar's manifest ({@code Implementation-Version}). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ClusterIndexCommand.class.getPackage().getImplementationVersion();
        return new String[] {"cluster-index " + (version == null ? "(not run from its jar: version unknown)" : version)};
    }
}
