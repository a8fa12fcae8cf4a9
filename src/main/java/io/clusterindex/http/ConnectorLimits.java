package io.clusterindex.http;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Applies the time-outs of {@link HttpLimits} to every connector of the server as it starts (Javalin adds its
 * connector after the server is configured): the idle time-out, and a {@link SlowClients} watch on each connection.
 */
final class ConnectorLimits implements LifeCycle.Listener {
    private final HttpLimits limits;

    ConnectorLimits(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : ((Server) event).getConnectors()) {
            if (connector instanceof AbstractConnector limited) {
                limited.setIdleTimeout(limits.idleTimeout().toMillis());
                limited.addEventListener(new SlowClients(limited.getScheduler(), limits.readTimeout()));
            }
        }
    }
}
