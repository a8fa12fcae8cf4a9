package io.clusterindex.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.clusterindex.json.Json;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this JVM (where the benchmark runs the app in-process), as the collectors announce
 * them ({@link GarbageCollectionNotificationInfo}), so that a measured window can say how many pauses it held, for
 * how long in all and at most, and which collectors ran. Collections of a concurrent collector's cycle bean
 * ({@code ZGC Cycles}, {@code Shenandoah Cycles}, {@code G1 Concurrent GC}) run beside the application and are
 * listed, not counted as pauses.
 */
final class GcLog implements AutoCloseable {
    /** One collection: the collector's name, its action ("end of minor GC"), its duration. */
    record Event(String collector, String action, double durationMs) {
        boolean pause() {
            return !collector.endsWith("Cycles") && !collector.contains("Concurrent");
        }
    }

    /** The collections of a window: pauses (count, total, longest) and every collection by collector and action. */
    record Window(long pauses, double totalPauseMs, double maxPauseMs, Map<String, Long> byCollector) {
        String describe() {
            return String.format(Locale.ROOT, "%d pauses, %.1f ms in all, longest %.1f ms%s", pauses, totalPauseMs,
                    maxPauseMs, byCollector.isEmpty() ? "" : " " + byCollector);
        }

        void putJson(ObjectNode row) {
            row.put("gc_pauses", pauses);
            row.put("gc_pause_total_ms", totalPauseMs);
            row.put("gc_pause_max_ms", maxPauseMs);
            row.set("gc_by_collector", Json.MAPPER.valueToTree(byCollector));
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    /** A log that nothing feeds but {@link #record} (for tests). */
    GcLog() {
    }

    /** A log fed by every collector of this JVM until {@link #close}. */
    static GcLog listen() {
        GcLog log = new GcLog();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(log.listener, null, null);
                log.emitters.add(emitter);
            }
        }
        return log;
    }

    /** The collectors of this JVM, as named by their MXBeans ("G1 Young Generation, G1 Old Generation"). */
    static String collectors() {
        return String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    private void onNotification(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            record(new Event(info.getGcName(), info.getGcAction(), info.getGcInfo().getDuration()));
        }
    }

    synchronized void record(Event event) {
        events.add(event);
    }

    /** A position in the log: the start (or end) of a window. */
    synchronized int mark() {
        return events.size();
    }

    /** The collections between two marks. */
    synchronized Window between(int from, int to) {
        return window(events.subList(from, to));
    }

    /** The collections since {@code from}. */
    synchronized Window since(int from) {
        return between(from, events.size());
    }

    static Window window(List<Event> events) {
        long pauses = 0;
        double total = 0;
        double max = 0;
        Map<String, Long> byCollector = new TreeMap<>();
        for (Event event : events) {
            byCollector.merge(event.collector() + " (" + event.action() + ")", 1L, Long::sum);
            if (event.pause()) {
                pauses++;
                total += event.durationMs();
                max = Math.max(max, event.durationMs());
            }
        }
        return new Window(pauses, total, max, byCollector);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        emitters.clear();
    }
}
