package org.ogf.saga.stream;

/** What {@link Stream#waitFor} waits for; combine the values with {@code |}. */
public enum Activity {
    READ(1), WRITE(2), EXCEPTION(4);

    private final int value;

    Activity(int value) {
        this.value = value;
    }

    public int getValue() {
        return value;
    }

    /** True if this activity's bit is set in {@code val}. */
    public boolean isSet(int val) {
        return (val & value) != 0;
    }

    /** {@code val} with this activity's bit added. */
    public int or(int val) {
        return val | value;
    }

    /** The bits of this activity and of {@code other} together. */
    public int or(Activity other) {
        return other.value | value;
    }
}
