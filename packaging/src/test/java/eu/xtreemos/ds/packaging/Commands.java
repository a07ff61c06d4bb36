package eu.xtreemos.ds.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command of the host to its end and returns its exit code and output (stdout and stderr together). */
final class Commands {
    record Result(int exitCode, String output) {
        Result expectSuccess(List<String> command) {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private Commands() {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), output);
    }

    static String output(String... command) throws IOException, InterruptedException {
        return run(List.of(command)).expectSuccess(List.of(command)).output();
    }

    static boolean available(String program) throws InterruptedException {
        try {
            return run(List.of("sh", "-c", "command -v " + program)).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
