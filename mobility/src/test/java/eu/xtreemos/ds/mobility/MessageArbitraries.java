package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of any valid message, option and address, for the property tests. */
final class MessageArbitraries {
    private MessageArbitraries() {
    }

    static Arbitrary<Inet6Address> addresses() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(Fields::ipv6);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    static Arbitrary<MobilityOption> optionBeforeAuthorization() {
        return Arbitraries.oneOf(
                u16().map(BindingRefreshAdvice::new),
                addresses().map(AlternateCareOfAddress::new),
                Combinators.combine(u16(), u16()).as(NonceIndices::new),
                Combinators.combine(Arbitraries.integers().between(6, 255),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(UnknownOption::new));
    }

    /** Up to 5 options, sometimes with a Binding Authorization Data option of any length last. */
    static Arbitrary<List<MobilityOption>> options() {
        Arbitrary<List<MobilityOption>> front = optionBeforeAuthorization().list().ofMaxSize(5);
        Arbitrary<BindingAuthorizationData> auth = Arbitraries.bytes().array(byte[].class).ofMaxSize(32)
                .map(BindingAuthorizationData::new);
        return Combinators.combine(front, auth.injectNull(0.5)).as((f, a) -> {
            List<MobilityOption> all = new ArrayList<>(f);
            if (a != null) {
                all.add(a);
            }
            return all;
        });
    }

    static Arbitrary<MobilityMessage> messages() {
        Arbitrary<Long> u64 = Arbitraries.longs();
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 255);
        return Arbitraries.oneOf(
                options().map(BindingRefreshRequest::new),
                Combinators.combine(u64, options()).as(HomeTestInit::new),
                Combinators.combine(u64, options()).as(CareOfTestInit::new),
                Combinators.combine(u16(), u64, u64, options()).as(HomeTest::new),
                Combinators.combine(u16(), u64, u64, options()).as(CareOfTest::new),
                Combinators.combine(u16(), flag, flag, flag, flag, u16(), options()).as(BindingUpdate::new),
                Combinators.combine(u8, flag, u16(), u16(), options()).as(BindingAcknowledgement::new),
                Combinators.combine(u8, addresses(), options()).as(BindingError::new));
    }
}
