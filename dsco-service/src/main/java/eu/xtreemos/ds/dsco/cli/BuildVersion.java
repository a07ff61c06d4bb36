package eu.xtreemos.ds.dsco.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --version} of every program: its name and the version the build wrote into its jar's manifest
 * (Implementation-Version, from the project's version), so no version string is written in the code.
 */
public final class BuildVersion implements IVersionProvider {
    /** What --version says when the classes do not come from a built jar (an IDE, a classes directory). */
    static final String UNPACKAGED = "(not from a built jar)";

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        CommandSpec root = spec.root();
        return new String[] {root.name() + " " + of(root.userObject().getClass())};
    }

    /** The Implementation-Version of the jar {@code type} was loaded from. */
    public static String of(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? UNPACKAGED : version;
    }
}
