package org.ogf.saga.file;

/** Where {@link File#seek} counts its offset from (GFD.90 section 4.3, {@code seek_mode}). */
public enum SeekMode {
    /** From the start of the file. */
    START(1),
    /** From the present position. */
    CURRENT(2),
    /** From the end of the file. */
    END(3);

    private final int value;

    SeekMode(int value) {
        this.value = value;
    }

    /** The mode's number in GFD.90's enumeration. */
    public int getValue() {
        return value;
    }
}
