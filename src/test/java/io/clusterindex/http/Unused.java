package io.clusterindex.http;

import io.clusterindex.auth.Authenticator;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.NamespaceReads;
import io.clusterindex.scatter.Shard;
import java.lang.reflect.Proxy;
import java.util.TreeMap;

/** Services a test's routes never call: any call fails, except the number of event partitions (3). */
public final class Unused {
    private Unused() {
    }

    /** Services for routes that read neither clusters nor stats: {@link OneTenant} with {@code key}, ready. */
    public static HttpServer.Services services(String key) {
        return new HttpServer.Services(service(NamespaceReads.class), service(Shard.class),
                InternalCredential.of("internal"), new Authenticator(new OneTenant(key)), TreeMap::new,
                () -> Health.Ready.of(true, "RUNNING", 0, 0, 0, 0, 0, 0));
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
