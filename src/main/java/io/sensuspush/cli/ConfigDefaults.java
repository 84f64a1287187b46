package io.sensuspush.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Supplies option values that the command line leaves out: first from the environment
 * ({@code SENSUS_PUSH_<OPTION>}, e.g. {@code --hub-name} → {@code SENSUS_PUSH_HUB_NAME}), then from the
 * config file given with {@code --config} (or {@code SENSUS_PUSH_CONFIG}), a properties file whose keys
 * are option names without dashes ({@code hub-name = my-hub}). Built-in defaults come last.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    static final String ENV_PREFIX = "SENSUS_PUSH_";
    /**
     * Options that choose which devices or requests one invocation acts on, or skip its confirmation: a
     * forgotten environment variable or config line must never silently widen a command or answer "yes".
     */
    static final Set<String> COMMAND_LINE_ONLY = Set.of("yes", "all-devices", "device", "protocol", "platform", "id",
            "backend-key");

    private final Map<String, String> env;
    private final Properties file;

    ConfigDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /** Finds {@code --config FILE} among the arguments (or {@code SENSUS_PUSH_CONFIG}) and loads it. */
    static ConfigDefaults load(String[] args, Map<String, String> env) {
        String path = env.get(ENV_PREFIX + "CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties props = new Properties();
        if (path != null && !path.isBlank()) {
            Path p = Path.of(path);
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + p + ": " + e.getMessage());
            }
        }
        return new ConfigDefaults(env, props);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String name = option.longestName().substring(2);
        if (name.equals("config") || COMMAND_LINE_ONLY.contains(name)) {
            return null;
        }
        String fromEnv = env.get(envName(name));
        if (fromEnv != null) {
            return fromEnv;
        }
        String fromFile = file.getProperty(name);
        return fromFile != null ? fromFile.strip() : null;
    }

    static String envName(String optionName) {
        return ENV_PREFIX + optionName.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
