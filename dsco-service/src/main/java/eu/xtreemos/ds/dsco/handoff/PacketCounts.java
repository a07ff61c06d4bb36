package eu.xtreemos.ds.dsco.handoff;

/**
 * The packet filter's counts since dsco started: packets held for in-flight clients, shipped packets injected
 * here, packets dropped (in drop mode, taken out to be shipped elsewhere, or cut), packets refused because a
 * hold queue was full; {@code heldNow} is what is held at this moment.
 */
public record PacketCounts(long held, long injected, long dropped, long overflows, long heldNow) {
    public static final PacketCounts NONE = new PacketCounts(0, 0, 0, 0, 0);
}
