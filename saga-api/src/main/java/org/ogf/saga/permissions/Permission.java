package org.ogf.saga.permissions;

/** Permission bits (GFD.90, section 3.7); combine them with {@link #or}. */
public enum Permission {
    NONE(0), QUERY(1), READ(2), WRITE(4), EXEC(8), OWNER(16), ALL(31);

    private final int value;

    Permission(int value) {
        this.value = value;
    }

    public int getValue() {
        return value;
    }

    /** True if this permission's bits are all set in {@code val}. */
    public boolean isSet(int val) {
        return (val & value) == value;
    }

    /** {@code val} with this permission's bits added. */
    public int or(int val) {
        return val | value;
    }

    /** The bits of this permission and of {@code other} together. */
    public int or(Permission other) {
        return other.value | value;
    }
}
