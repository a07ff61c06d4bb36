package eu.xtreemos.ds.dsco.handoff;

/** What the application that donated or recovered a client is told, with the handoff's phases. */
public record HandoffOutcome(boolean ok, String message, HandoffTimeline timeline) {
}
