package eu.xtreemos.xosaga;

import java.net.InetAddress;

/**
 * A node of a distributed server: its name, its own address on the nodes' network, and its role
 * ({@code "contact"} for the node new clients reach, {@code "server"} for the others).
 */
public record Node(String name, InetAddress address, String role) {
    public boolean isContact() {
        return "contact".equals(role);
    }
}
