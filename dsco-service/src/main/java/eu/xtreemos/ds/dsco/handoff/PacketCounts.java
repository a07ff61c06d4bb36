package eu.xtreemos.ds.dsco.handoff;

/**
 * The packet filter's counts since dsco started: packets held for in-flight clients, held packets shipped to the
 * node that took the client over, packets shipped from another node and injected here, packets dropped and lost
 * here (drop mode, a full hold queue, a packet the kernel cut; the client retransmits them), of those the ones
 * refused because a hold queue was full; {@code heldNow} is what is held at this moment.
 */
public record PacketCounts(long held, long shipped, long injected, long dropped, long overflows, long heldNow) {
    public static final PacketCounts NONE = new PacketCounts(0, 0, 0, 0, 0, 0);
}
