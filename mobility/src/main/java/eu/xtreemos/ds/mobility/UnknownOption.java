package eu.xtreemos.ds.mobility;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A mobility option this library does not interpret (type 6 and up: later RFCs). RFC 6275 §6.2.1 says to
 * skip such options; keeping them lets a message be re-encoded unchanged.
 */
public record UnknownOption(int optionType, byte[] data) implements MobilityOption {
    public UnknownOption {
        Fields.u8("option type", optionType);
        if (optionType <= BINDING_AUTHORIZATION_DATA) {
            throw new IllegalArgumentException("option type " + optionType + " is defined by RFC 6275");
        }
        if (data.length > 0xff) {
            throw new IllegalArgumentException("option data longer than 255 octets: " + data.length);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownOption u && u.optionType == optionType && Arrays.equals(data, u.data);
    }

    @Override
    public int hashCode() {
        return 31 * optionType + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "UnknownOption[type=" + optionType + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
