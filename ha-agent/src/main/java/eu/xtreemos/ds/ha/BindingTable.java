package eu.xtreemos.ds.ha;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HA agent's bindings: per service, which node serves each steered client, and which node is the
 * contact node (where clients without a binding go).
 */
public final class BindingTable {
    private record Key(String service, InetAddress client) {
    }

    private final Map<Key, String> bindings = new ConcurrentHashMap<>();
    private final Map<String, String> contacts = new ConcurrentHashMap<>();

    public void bind(String service, InetAddress client, String node) {
        bindings.put(new Key(service, client), node);
    }

    public void unbind(String service, InetAddress client) {
        bindings.remove(new Key(service, client));
    }

    /** The node serving {@code client}: its own binding, or the contact node. */
    public String nodeOf(String service, InetAddress client) {
        String n = bindings.get(new Key(service, client));
        return n != null ? n : contacts.get(service);
    }

    public boolean hasBinding(String service, InetAddress client) {
        return bindings.containsKey(new Key(service, client));
    }

    public void setContact(String service, String node) {
        contacts.put(service, node);
    }

    public String contact(String service) {
        return contacts.get(service);
    }

    /** client -> node for one service, for display. */
    public Map<InetAddress, String> bindings(String service) {
        Map<InetAddress, String> out = new LinkedHashMap<>();
        bindings.forEach((k, v) -> {
            if (k.service().equals(service)) {
                out.put(k.client(), v);
            }
        });
        return out;
    }
}
