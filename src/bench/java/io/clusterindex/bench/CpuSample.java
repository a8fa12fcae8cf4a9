package io.clusterindex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's busy CPU time ({@code /proc/stat}: all but idle and iowait) and this process's CPU time at one
 * moment, to tell how many cores other processes used while a benchmark phase ran (on a shared machine the
 * figures are only comparable when that stays low). Without {@code /proc/stat} the machine's share is unknown (NaN).
 */
record CpuSample(long nanoTime, double machineBusySeconds, double processSeconds) {
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** Cores used between two samples: by this process, and by everything else on the machine. */
    record Delta(double wallSeconds, double processCores, double otherCores) {
    }

    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    static CpuSample now() {
        return new CpuSample(System.nanoTime(), readMachineBusySeconds(), BenchSupport.Resources.now().cpuNanos() / 1e9);
    }

    Delta since(CpuSample earlier) {
        double wall = (nanoTime - earlier.nanoTime) / 1e9;
        double process = (processSeconds - earlier.processSeconds) / wall;
        double machine = (machineBusySeconds - earlier.machineBusySeconds) / wall;
        return new Delta(wall, process, Math.max(0, machine - process));
    }

    private static double readMachineBusySeconds() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
