package org.connwatch.source.capture.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The command line of the tests' child programs: positional words and {@code --key value} options. */
record ProbeArgs(List<String> positional, Map<String, String> options) {

    static ProbeArgs parse(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                options.put(args[i].substring(2), hasValue ? args[++i] : "true");
            } else {
                positional.add(args[i]);
            }
        }
        return new ProbeArgs(List.copyOf(positional), Map.copyOf(options));
    }

    String word(int i) {
        if (i >= positional.size()) {
            throw new IllegalArgumentException("missing argument " + (i + 1));
        }
        return positional.get(i);
    }

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    int number(String key, int fallback) {
        String v = options.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    boolean flag(String key) {
        return options.containsKey(key);
    }
}
