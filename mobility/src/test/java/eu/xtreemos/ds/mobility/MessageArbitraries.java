package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid messages, options and addresses from a seeded generator, for the property tests. */
final class MessageArbitraries {
    private final Random r;

    MessageArbitraries(long seed) {
        this.r = new Random(seed);
    }

    Random random() {
        return r;
    }

    byte[] bytes(int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    Inet6Address address() {
        byte[] b = new byte[16];
        r.nextBytes(b);
        return Fields.ipv6(b);
    }

    int u16() {
        return r.nextInt(0x10000);
    }

    MobilityOption optionBeforeAuthorization() {
        return switch (r.nextInt(4)) {
            case 0 -> new BindingRefreshAdvice(u16());
            case 1 -> new AlternateCareOfAddress(address());
            case 2 -> new NonceIndices(u16(), u16());
            default -> new UnknownOption(6 + r.nextInt(250), bytes(40));
        };
    }

    /** Up to 5 options, half the time with a Binding Authorization Data option of any length last. */
    List<MobilityOption> options() {
        List<MobilityOption> all = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            all.add(optionBeforeAuthorization());
        }
        if (r.nextBoolean()) {
            all.add(new BindingAuthorizationData(bytes(32)));
        }
        return all;
    }

    MobilityMessage message() {
        return switch (r.nextInt(8)) {
            case 0 -> new BindingRefreshRequest(options());
            case 1 -> new HomeTestInit(r.nextLong(), options());
            case 2 -> new CareOfTestInit(r.nextLong(), options());
            case 3 -> new HomeTest(u16(), r.nextLong(), r.nextLong(), options());
            case 4 -> new CareOfTest(u16(), r.nextLong(), r.nextLong(), options());
            case 5 -> new BindingUpdate(u16(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), u16(), options());
            case 6 -> new BindingAcknowledgement(r.nextInt(256), r.nextBoolean(), u16(), u16(), options());
            default -> new BindingError(r.nextInt(256), address(), options());
        };
    }
}
