package eu.xtreemos.ds.mobility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writes and reads the mobility options of a message, padding and alignment included. */
final class OptionCodec {
    private OptionCodec() {
    }

    /** Writes the options, each at its alignment, then pads the whole header to a multiple of 8 octets. */
    static void write(WireWriter w, List<MobilityOption> options) {
        for (int i = 0; i < options.size(); i++) {
            MobilityOption o = options.get(i);
            if (o instanceof BindingAuthorizationData && i != options.size() - 1) {
                throw new IllegalArgumentException("Binding Authorization Data must be the last option");
            }
            pad(w, OptionAlignment.of(o).paddingBefore(w.position()));
            byte[] data = data(o);
            w.u8(o.optionType()).u8(data.length).bytes(data);
        }
        pad(w, Math.floorMod(-w.position(), 8));
    }

    /** Pad1 for one octet, PadN for more (RFC 6275 §6.2.2, §6.2.3). */
    static void pad(WireWriter w, int n) {
        if (n == 1) {
            w.u8(MobilityOption.PAD1);
        } else if (n > 1) {
            w.u8(MobilityOption.PADN).u8(n - 2).zeros(n - 2);
        }
    }

    private static byte[] data(MobilityOption o) {
        if (o instanceof BindingRefreshAdvice b) {
            int v = b.refreshIntervalUnits();
            return new byte[] {(byte) (v >>> 8), (byte) v};
        }
        if (o instanceof AlternateCareOfAddress a) {
            return a.address().getAddress();
        }
        if (o instanceof NonceIndices n) {
            int h = n.homeNonceIndex();
            int c = n.careOfNonceIndex();
            return new byte[] {(byte) (h >>> 8), (byte) h, (byte) (c >>> 8), (byte) c};
        }
        if (o instanceof BindingAuthorizationData b) {
            return b.authenticator();
        }
        return ((UnknownOption) o).data();
    }

    /** What {@link #read} found: the options, where the authenticator is (or -1), or a rejection. */
    record Parsed(List<MobilityOption> options, int authenticatorOffset, DecodeResult.Rejected rejection) {
        static Parsed rejected(Malformation m, int at, String detail) {
            return new Parsed(null, -1, new DecodeResult.Rejected(m, at, detail));
        }
    }

    /** Reads the options in {@code b[from, end)}. */
    static Parsed read(byte[] b, int from, int end, DecodeMode mode) {
        List<MobilityOption> options = new ArrayList<>();
        int authOffset = -1;
        int pos = from;
        while (pos < end) {
            int type = b[pos] & 0xff;
            if (type == MobilityOption.PAD1) {
                pos++;
                continue;
            }
            if (pos + 2 > end) {
                return Parsed.rejected(Malformation.OPTION_OVERRUN, pos,
                        "option type " + type + " has no length octet before the end (" + end + ")");
            }
            int len = b[pos + 1] & 0xff;
            int dataStart = pos + 2;
            if (dataStart + len > end) {
                return Parsed.rejected(Malformation.OPTION_OVERRUN, pos, "option type " + type + " of length "
                        + len + " runs to octet " + (dataStart + len) + ", past the end (" + end + ")");
            }
            byte[] data = Arrays.copyOfRange(b, dataStart, dataStart + len);
            if (type == MobilityOption.PADN) {
                if (mode == DecodeMode.STRICT && !allZero(data)) {
                    return Parsed.rejected(Malformation.NONZERO_PADDING, pos, "PadN content is not zero");
                }
            } else {
                if (authOffset >= 0) {
                    return Parsed.rejected(Malformation.AUTHORIZATION_NOT_LAST, pos,
                            "option type " + type + " follows the Binding Authorization Data");
                }
                MobilityOption o;
                try {
                    o = option(type, data);
                } catch (IllegalArgumentException e) {
                    return Parsed.rejected(Malformation.BAD_OPTION_LENGTH, pos, e.getMessage());
                }
                if (mode == DecodeMode.STRICT) {
                    OptionAlignment a = OptionAlignment.of(o);
                    if (!a.accepts(pos)) {
                        return Parsed.rejected(Malformation.MISALIGNED_OPTION, pos,
                                "option type " + type + " must start at " + a + ", starts at " + pos);
                    }
                }
                if (o instanceof BindingAuthorizationData) {
                    authOffset = dataStart;
                }
                options.add(o);
            }
            pos = dataStart + len;
        }
        return new Parsed(options, authOffset, null);
    }

    /** The option for a type and its data; throws IllegalArgumentException for a wrong length. */
    private static MobilityOption option(int type, byte[] d) {
        return switch (type) {
            case MobilityOption.BINDING_REFRESH_ADVICE -> {
                expectLength("Binding Refresh Advice", d, BindingRefreshAdvice.DATA_LENGTH);
                yield new BindingRefreshAdvice(u16(d, 0));
            }
            case MobilityOption.ALTERNATE_CARE_OF_ADDRESS -> {
                expectLength("Alternate Care-of Address", d, AlternateCareOfAddress.DATA_LENGTH);
                yield new AlternateCareOfAddress(Fields.ipv6(d));
            }
            case MobilityOption.NONCE_INDICES -> {
                expectLength("Nonce Indices", d, NonceIndices.DATA_LENGTH);
                yield new NonceIndices(u16(d, 0), u16(d, 2));
            }
            case MobilityOption.BINDING_AUTHORIZATION_DATA -> new BindingAuthorizationData(d);
            default -> new UnknownOption(type, d);
        };
    }

    private static void expectLength(String name, byte[] d, int want) {
        if (d.length != want) {
            throw new IllegalArgumentException(name + " option has length " + d.length + ", must be " + want);
        }
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static boolean allZero(byte[] d) {
        for (byte x : d) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
