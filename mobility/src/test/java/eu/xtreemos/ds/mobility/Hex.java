package eu.xtreemos.ds.mobility;

import java.util.HexFormat;

/** Hex strings with spaces and '|' separators, as the tests write bytes from the RFC figures. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s|]", ""));
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
