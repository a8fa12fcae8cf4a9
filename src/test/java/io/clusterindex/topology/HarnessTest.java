package io.clusterindex.topology;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test of the topology through a fresh {@link TopologyHarness} per test method, with its own event ids. */
abstract class HarnessTest {
    protected TopologyHarness harness;
    private int eventIds;

    @BeforeEach
    void startHarness() {
        harness = new TopologyHarness();
    }

    @AfterEach
    void stopHarness() {
        harness.close();
    }

    /** {@code evt_1}, {@code evt_2}, ...: a new event id. */
    protected String nextEventId() {
        return "evt_" + (++eventIds);
    }

    /** How many event ids were handed out so far. */
    protected int eventIdsUsed() {
        return eventIds;
    }
}
