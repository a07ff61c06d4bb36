package eu.xtreemos.ds.rtnl;

/**
 * An address of an interface, as {@code ip addr} lists it: the interface's index, the address with its prefix
 * length, and its IFA_F_* flags.
 */
public record InterfaceAddress(int ifindex, IpPrefix prefix, int flags) {
    /** IFA_F_NODAD: no duplicate address detection. */
    public static final int NODAD = 0x02;
    /** IFA_F_HOMEADDRESS: a Mobile IPv6 home address ({@code ip -6 addr ... home}). */
    public static final int HOME_ADDRESS = 0x10;
    /** IFA_F_PERMANENT: no lifetime. */
    public static final int PERMANENT = 0x80;
    /** IFA_F_MANAGETEMPADDR. */
    static final int MANAGE_TEMP_ADDRESSES = 0x100;
    /** IFA_F_NOPREFIXROUTE. */
    static final int NO_PREFIX_ROUTE = 0x200;
    /** The flags an RTM_NEWADDR replacing an IPv6 address sets anew (the kernel clears them first). */
    static final int SETTABLE = NODAD | HOME_ADDRESS | MANAGE_TEMP_ADDRESSES | NO_PREFIX_ROUTE;

    public boolean isHomeAddress() {
        return (flags & HOME_ADDRESS) != 0;
    }

    @Override
    public String toString() {
        return prefix + " dev #" + ifindex + " flags 0x" + Integer.toHexString(flags);
    }
}
