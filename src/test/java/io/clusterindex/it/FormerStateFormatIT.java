package io.clusterindex.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.app.ClusterIndexApp;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.topology.StateSerdes;
import io.clusterindex.topology.StoreNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline scenario where the restart finds a state directory of the former cluster state format (format 1:
 * sequence and view JSON, no header), as the version before the header left it: between the two runs every cluster
 * state in the clusters stores is rewritten in format 1 (Kafka Streams keeps the store's committed offsets in the
 * store itself, so the restart uses this state rather than restoring the changelog: checked after the restart). The
 * restarted indexer must answer exactly as before from that state (the index loads it), and apply the second phase's
 * events on top of it (reading format 1, writing format 2), with the view, stats and dead letters equal to the
 * replay.
 */
class FormerStateFormatIT extends PipelineScenario {
    private static final Logger LOG = LoggerFactory.getLogger(FormerStateFormatIT.class);
    private static final byte[] DEFAULT_FAMILY = RocksDB.DEFAULT_COLUMN_FAMILY;

    @Override
    protected Map<String, String> kafkaEnvironment() {
        return Map.of("EMBEDDED_KAFKA_PORT", "0");
    }

    @Override
    protected void beforeRestart(Path stateDir) {
        List<Path> stores = clusterStores(stateDir);
        assertThat(stores).as("clusters stores in " + stateDir).isNotEmpty();
        int rewritten = 0;
        for (Path store : stores) {
            rewritten += rewriteInFormat1(store);
        }
        LOG.info("rewrote {} cluster states of {} stores in format 1", rewritten, stores.size());
        assertThat(rewritten).as("cluster states rewritten in format 1").isGreaterThan(150);
    }

    /**
     * The restarted indexer's store holds the rewritten states (not states restored from the changelog, which holds
     * format 2): reading a live state of format 1 parses its JSON, reading one of format 2 does not.
     */
    @Override
    protected void afterRestart(ClusterIndexApp restarted) {
        ReadOnlyKeyValueStore<String, ClusterState> store = restarted.streams().store(
                StoreQueryParameters.fromNameAndType(StoreNames.CLUSTERS, QueryableStoreTypes.keyValueStore()));
        int former = 0;
        int live = 0;
        try (KeyValueIterator<String, ClusterState> states = store.all()) {
            while (states.hasNext()) {
                ClusterState state = states.next().value;
                if (state.isLive()) {
                    live++;
                    former += state.clusterIfParsed() != null ? 1 : 0;
                }
            }
        }
        assertThat(former).as("live states read in format 1 after the restart").isEqualTo(live).isGreaterThan(150);
    }

    private static List<Path> clusterStores(Path stateDir) {
        try (Stream<Path> paths = Files.walk(stateDir)) {
            return paths.filter(path -> path.getFileName().toString().equals(StoreNames.CLUSTERS)
                    && path.getParent().getFileName().toString().equals("rocksdb")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites each state of the store's data in format 1; returns how many. */
    private static int rewriteInFormat1(Path store) {
        Deserializer<ClusterState> reader = StateSerdes.clusterState().deserializer();
        RocksDB.loadLibrary();
        try (Options options = new Options(); DBOptions dbOptions = new DBOptions()) {
            List<byte[]> families = RocksDB.listColumnFamilies(options, store.toString());
            List<ColumnFamilyDescriptor> descriptors = families.stream().map(ColumnFamilyDescriptor::new).toList();
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (RocksDB db = RocksDB.open(dbOptions, store.toString(), descriptors, handles)) {
                ColumnFamilyHandle data = null;
                for (int i = 0; i < families.size(); i++) {
                    if (Arrays.equals(families.get(i), DEFAULT_FAMILY)) {
                        data = handles.get(i);
                    }
                }
                List<byte[][]> changes = new ArrayList<>();
                try (RocksIterator entries = db.newIterator(data)) {
                    for (entries.seekToFirst(); entries.isValid(); entries.next()) {
                        byte[] value = entries.value();
                        assertThat(value[0]).as("state of %s written by this version",
                                new String(entries.key(), StandardCharsets.UTF_8)).isEqualTo((byte) 2);
                        changes.add(new byte[][] {entries.key(), format1(reader.deserialize("", value))});
                    }
                }
                for (byte[][] change : changes) {
                    db.put(data, change[0], change[1]);
                }
                handles.forEach(ColumnFamilyHandle::close);
                return changes.size();
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot rewrite " + store, e);
        }
    }

    /** {@code [1][sequence: 8 bytes][view JSON, absent when deleted]}: what versions before the header wrote. */
    private static byte[] format1(ClusterState state) {
        byte[] json = state.isLive() ? state.clusterJson() : new byte[0];
        return ByteBuffer.allocate(1 + Long.BYTES + json.length).put((byte) 1).putLong(state.sequence()).put(json)
                .array();
    }
}
