package eu.xtreemos.saga.compat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of the {@code org.ogf.saga} classes as one line per class and one per public or protected
 * member, in a form that two builds of the API can be compared by: a member whose line differs is declared
 * differently in a way that can break code compiled against the other build.
 *
 * <p>A line holds what source compatibility depends on: the kind (class, interface, enum, field, constructor,
 * method), the modifiers that change how callers or implementers may use it (public/protected, static,
 * abstract, final, default, varargs), generic type parameters, parameter and result types with their type
 * arguments, the {@code throws} clause sorted by name (a broader clause forces callers to catch more; a
 * narrower one makes their catch blocks unreachable), and the value of each constant (callers compile it in).
 * A class line also names its superclass and its interfaces, so inherited members need not be listed again.
 *
 * <p>Run as a program it writes the list of the classes in a jar or class directory
 * ({@code java ApiSignatures saga-api-1.1.2.jar out.signatures}); that is how
 * {@code reference-1.1.2.signatures} was made from the reference binding's jar. {@link ApiCompatibilityTest}
 * makes the same list of this module's classes and compares the two.
 */
public final class ApiSignatures {
    /** The packages whose classes are listed. */
    public static final String ROOT = "org.ogf.saga";

    private ApiSignatures() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ApiSignatures <jar or class directory> <output file>");
            System.exit(2);
        }
        Path where = Path.of(args[0]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {where.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            List<String> lines = of(loader, classNames(where));
            List<String> out = new ArrayList<>();
            out.add("# Public API of the OGF SAGA Java binding 1.1.2 (saga-api-1.1.2.jar), one line per class and member;");
            out.add("# made by eu.xtreemos.saga.compat.ApiSignatures and compared with our classes by ApiCompatibilityTest.");
            out.addAll(lines);
            Files.write(Path.of(args[1]), out, StandardCharsets.UTF_8);
            System.out.println(lines.size() + " lines written to " + args[1]);
        }
    }

    /** The binary names of the classes under {@link #ROOT} in a jar or a class directory. */
    public static List<String> classNames(Path where) throws IOException {
        String prefix = ROOT.replace('.', '/') + "/";
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> s = Files.walk(where)) {
                s.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> where.relativize(p).toString().replace(File.separatorChar, '/'))
                        .forEach(entries::add);
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(entries::add);
            }
        }
        return entries.stream()
                .filter(n -> n.startsWith(prefix) && !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .sorted().collect(Collectors.toList());
    }

    /** The sorted lines of the public and protected classes among {@code names}, loaded without initializing. */
    public static List<String> of(ClassLoader loader, List<String> names) {
        TreeSet<String> lines = new TreeSet<>();
        for (String n : names) {
            Class<?> c;
            try {
                c = Class.forName(n, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(n, e);
            }
            if (visible(c)) {
                lines.addAll(of(c));
            }
        }
        return new ArrayList<>(lines);
    }

    /** A class reachable from code outside its package: public or protected, and so is every enclosing class. */
    static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!member(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** The line of a class and those of its public and protected members. */
    static List<String> of(Class<?> c) {
        List<String> lines = new ArrayList<>();
        String name = c.getName();
        lines.add(name + " " + classLine(c));
        for (Field f : c.getDeclaredFields()) {
            if (member(f.getModifiers()) && !f.isSynthetic()) {
                lines.add(name + " " + fieldLine(f));
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (member(k.getModifiers()) && !k.isSynthetic()) {
                lines.add(name + " constructor " + modifiers(k, c) + "(" + parameters(k) + ")" + throwsClause(k));
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (member(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                lines.add(name + " method " + modifiers(m, c) + spaced(typeParameters(m.getTypeParameters()))
                        + type(m.getGenericReturnType()) + " " + m.getName() + "(" + parameters(m) + ")" + throwsClause(m));
            }
        }
        return lines;
    }

    private static boolean member(int mod) {
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private static String classLine(Class<?> c) {
        StringBuilder b = new StringBuilder();
        int mod = c.getModifiers();
        b.append(c.isInterface() ? (c.isAnnotation() ? "annotation" : "interface") : c.isEnum() ? "enum" : "class");
        b.append(Modifier.isPublic(mod) ? " public" : " protected");
        if (c.getEnclosingClass() != null && Modifier.isStatic(mod) && !c.isInterface() && !c.isEnum()) {
            b.append(" static");
        }
        if (!c.isInterface() && !c.isEnum() && Modifier.isAbstract(mod)) {
            b.append(" abstract");
        }
        if (!c.isEnum() && Modifier.isFinal(mod)) {
            b.append(" final");
        }
        String tp = typeParameters(c.getTypeParameters());
        b.append(tp.isEmpty() ? "" : " " + tp);
        if (!c.isInterface() && !c.isEnum() && c.getGenericSuperclass() != null && c.getSuperclass() != Object.class) {
            b.append(" extends ").append(type(c.getGenericSuperclass()));
        }
        Type[] is = c.getGenericInterfaces();
        if (is.length > 0) {
            b.append(c.isInterface() ? " extends " : " implements ");
            b.append(Arrays.stream(is).map(ApiSignatures::type).sorted().collect(Collectors.joining(",")));
        }
        return b.toString();
    }

    private static String fieldLine(Field f) {
        int mod = f.getModifiers();
        StringBuilder b = new StringBuilder(f.isEnumConstant() ? "enum-constant " : "field ");
        b.append(Modifier.isPublic(mod) ? "public" : "protected");
        if (!f.isEnumConstant()) {
            b.append(Modifier.isStatic(mod) ? " static" : "").append(Modifier.isFinal(mod) ? " final" : "");
            b.append(" ").append(type(f.getGenericType()));
        }
        b.append(" ").append(f.getName());
        if (!f.isEnumConstant() && Modifier.isStatic(mod) && Modifier.isFinal(mod)
                && (f.getType().isPrimitive() || f.getType() == String.class)) {
            b.append(" = ").append(constant(f));
        }
        return b.toString();
    }

    /** The value of a constant: reading it initializes the class, which for these interfaces and enums only sets fields. */
    private static String constant(Field f) {
        try {
            f.setAccessible(true);
            Object v = f.get(null);
            if (v instanceof String s) {
                return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
            }
            return String.valueOf(v);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "?" + e.getClass().getSimpleName();
        }
    }

    private static String modifiers(Executable e, Class<?> owner) {
        int mod = e.getModifiers();
        StringBuilder b = new StringBuilder(Modifier.isPublic(mod) ? "public " : "protected ");
        if (Modifier.isStatic(mod)) {
            b.append("static ");
        }
        if (Modifier.isAbstract(mod)) {
            b.append("abstract ");
        } else if (e instanceof Method m && m.isDefault()) {
            b.append("default ");
        }
        // A final method of a final class or enum cannot be overridden either way; listing it would only add noise.
        if (Modifier.isFinal(mod) && !Modifier.isFinal(owner.getModifiers()) && !owner.isEnum()) {
            b.append("final ");
        }
        if (e.isVarArgs()) {
            b.append("varargs ");
        }
        return b.toString();
    }

    private static String parameters(Executable e) {
        Type[] ts = e.getGenericParameterTypes();
        // An inner class's constructor has its outer instance as a hidden first parameter in the raw list only.
        return Arrays.stream(ts).map(ApiSignatures::type).collect(Collectors.joining(","));
    }

    private static String throwsClause(Executable e) {
        Type[] ts = e.getGenericExceptionTypes();
        if (ts.length == 0) {
            return "";
        }
        return " throws " + Arrays.stream(ts).map(ApiSignatures::type).sorted().collect(Collectors.joining(","));
    }

    private static String typeParameters(TypeVariable<?>[] vs) {
        if (vs.length == 0) {
            return "";
        }
        return "<" + Arrays.stream(vs).map(v -> {
            Type[] bounds = v.getBounds();
            if (bounds.length == 1 && bounds[0] == Object.class) {
                return v.getName();
            }
            return v.getName() + " extends " + Arrays.stream(bounds).map(ApiSignatures::type).collect(Collectors.joining("&"));
        }).collect(Collectors.joining(",")) + ">";
    }

    private static String spaced(String s) {
        return s.isEmpty() ? s : s + " ";
    }

    private static String type(Type t) {
        return t.getTypeName().replace(", ", ",").replace('$', '.');
    }

    /** Where a class was loaded from: the class directory or jar holding it. */
    public static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("cannot locate " + c, e));
        }
    }
}
