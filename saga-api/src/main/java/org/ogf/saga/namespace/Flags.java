package org.ogf.saga.namespace;

/**
 * Flags of the name space operations (GFD.90 section 4.2) and of the file and logical file packages built on
 * it, with the binding's values; combine them with {@link #or(int)} and pass {@link #getValue()}.
 */
public enum Flags {
    /** No flag. */
    NONE(0),
    /** Replace an entry that exists. */
    OVERWRITE(1),
    /** Apply to a directory and everything below it. */
    RECURSIVE(2),
    /** Follow symbolic links. */
    DEREFERENCE(4),
    /** Create the entry if it does not exist. */
    CREATE(8),
    /** With CREATE: fail if the entry exists. */
    EXCL(16),
    /** Lock the entry while it is open. */
    LOCK(32),
    /** Create missing parent directories. */
    CREATEPARENTS(64),
    /** Truncate a file on opening. */
    TRUNCATE(128),
    /** Position at the end of a file on opening; implies WRITE. */
    APPEND(256),
    /** Open for reading. */
    READ(512),
    /** Open for writing. */
    WRITE(1024),
    /** Open for reading and writing. */
    READWRITE(512 | 1024),
    /** Every flag the name space package knows. */
    ALLNAMESPACEFLAGS(1 | 2 | 4 | 8 | 16 | 32 | 64 | 512 | 1024),
    /** Binary mode, for systems that tell binary from text. */
    BINARY(2048),
    /** Every flag the logical file package knows. */
    ALLLOGICALFILEFLAGS(1 | 2 | 4 | 8 | 16 | 32 | 64 | 512 | 1024),
    /** Every flag the file package knows. */
    ALLFILEFLAGS(1 | 2 | 4 | 8 | 16 | 32 | 64 | 512 | 1024 | 128 | 256 | 2048);

    private final int value;

    Flags(int value) {
        this.value = value;
    }

    /** The flag's integer value. */
    public int getValue() {
        return value;
    }

    /** {@code val} with this flag added. */
    public int or(int val) {
        return val | value;
    }

    /** This flag and {@code val} together. */
    public int or(Flags val) {
        return val.value | value;
    }

    /** Whether every bit of this flag is set in {@code val}. */
    public boolean isSet(int val) {
        return value == NONE.value ? val == 0 : (val & value) == value;
    }
}
