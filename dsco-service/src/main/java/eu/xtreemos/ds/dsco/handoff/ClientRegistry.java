package eu.xtreemos.ds.dsco.handoff;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows about clients of its services: the ones it received in handoffs and the ones
 * it handed away (and to whom). Clients that connected here directly are found by
 * {@link LocalConnections}.
 */
public final class ClientRegistry {
    public record Entry(String service, InetAddress client, String node, int connections, long sinceMillis) {
    }

    private record Key(String service, InetAddress client) {
    }

    private final String self;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public ClientRegistry(String self) {
        this.self = self;
    }

    public void arrived(String service, InetAddress client, int connections) {
        entries.put(new Key(service, client), new Entry(service, client, self, connections, System.currentTimeMillis()));
    }

    public void movedAway(String service, InetAddress client, String to, int connections) {
        entries.put(new Key(service, client), new Entry(service, client, to, connections, System.currentTimeMillis()));
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }
}
