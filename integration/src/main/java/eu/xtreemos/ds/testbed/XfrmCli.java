package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;

/**
 * ds-xfrm: installs or removes Mobile IPv6 route-optimization bindings in the kernel ({@link MobileIpv6Xfrm}), and
 * lists them; for testbed hosts whose kernel has Mobile IPv6 (the Vagrant VMs: provision/ds-run.sh xfrm ...).
 */
@Command(name = "ds-xfrm", mixinStandardHelpOptions = true,
        description = "Mobile IPv6 route optimization in the kernel (XFRM): type 2 routing header and home address option.",
        subcommands = {XfrmCli.Correspondent.class, XfrmCli.Mobile.class, XfrmCli.Show.class})
public final class XfrmCli {
    static InetAddress address(String what, String s) {
        if (!s.matches("[0-9a-fA-F:]+") || !s.contains(":")) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not an IPv6 address");
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not an IPv6 address");
        }
    }

    /** The binding options both sides share. */
    static class BindingOptions {
        @Option(names = "--home", required = true, description = "The home address (here: the service address).")
        String home;
        @Option(names = "--care-of", description = "The care-of address (here: the serving node's own address); not needed with --remove.")
        String careOf;
        @Option(names = "--correspondent", required = true, description = "The correspondent's address (here: the client's).")
        String correspondent;
        @Option(names = "--remove", description = "Remove the binding instead.")
        boolean remove;

        MobileIpv6Xfrm.Binding binding() {
            if (careOf == null && !remove) {
                throw new IllegalArgumentException("--care-of is required unless --remove");
            }
            InetAddress h = address("--home", home);
            return new MobileIpv6Xfrm.Binding(h, careOf == null ? h : address("--care-of", careOf), address("--correspondent", correspondent));
        }
    }

    @Command(name = "correspondent", mixinStandardHelpOptions = true,
            description = "On the correspondent: packets to the home address go to the care-of address with a type 2 routing header; home address options are accepted.")
    static final class Correspondent extends BindingOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            MobileIpv6Xfrm.Binding b = binding();
            try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                if (remove) {
                    x.removeCorrespondent(b);
                    System.out.println("removed correspondent binding " + correspondent + " -> " + home);
                } else {
                    x.installCorrespondent(b);
                    System.out.println("correspondent binding " + correspondent + " -> " + home + " via " + careOf);
                }
            }
            return 0;
        }
    }

    @Command(name = "mobile", mixinStandardHelpOptions = true,
            description = "On the node owning the home address: packets from it to the correspondent leave from the care-of address with a home address option; type 2 routing headers are accepted.")
    static final class Mobile extends BindingOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            MobileIpv6Xfrm.Binding b = binding();
            try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                if (remove) {
                    x.removeMobile(b);
                    System.out.println("removed mobile binding " + home + " -> " + correspondent);
                } else {
                    x.installMobile(b);
                    System.out.println("mobile binding " + home + " -> " + correspondent + " from " + careOf);
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The route-optimization states and policies installed.")
    static final class Show implements Callable<Integer> {
        @Override
        public Integer call() {
            try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                x.states().forEach(s -> System.out.printf("state  %-19s %s -> %s care-of %s%n", s.kind(), s.src().getHostAddress(),
                        s.dst().getHostAddress(), s.careOf().getHostAddress()));
                x.policies().forEach(p -> System.out.printf("policy %-3s %-19s %s -> %s%n", p.outbound() ? "out" : "in", p.kind(),
                        p.src().getHostAddress(), p.dst().getHostAddress()));
            }
            return 0;
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new XfrmCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("ds-xfrm: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(cl.execute(args));
    }
}
