package io.clusterindex.http;

import java.lang.reflect.Proxy;

/** Services a test's routes never call: any call fails, except the number of event partitions (3). */
final class Unused {
    private Unused() {
    }

    @SuppressWarnings("unchecked")
    static <T> T service(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("eventPartitions")) {
                return 3;
            }
            throw new UnsupportedOperationException(method.getName() + " is not used by this test");
        });
    }
}
