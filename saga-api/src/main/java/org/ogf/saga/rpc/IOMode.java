package org.ogf.saga.rpc;

/** How a parameter of a remote procedure call travels (GFD.90 section 4.6), with the binding's values. */
public enum IOMode {
    /** To the procedure. */
    IN(1),
    /** Back from the procedure. */
    OUT(2),
    /** Both ways. */
    INOUT(3);

    private final int value;

    IOMode(int value) {
        this.value = value;
    }

    /** The mode's integer value. */
    public int getValue() {
        return value;
    }
}
