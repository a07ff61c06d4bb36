package eu.xtreemos.ds.testbed;

/** Run in a child JVM: builds a testbed and exits without close(), so only the shutdown hook can clean up. */
public final class ExitWithoutClose {
    public static void main(String[] args) {
        TestbedCli.logLevel(ch.qos.logback.classic.Level.WARN);
        NamespaceTestbed.up(new TestbedSpec(args[0], 1, 1, Integer.parseInt(args[1])));
        System.out.println("up " + NamespaceTestbed.exists(args[0]));
        System.exit(0);
    }
}
