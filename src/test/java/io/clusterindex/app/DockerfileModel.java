package io.clusterindex.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instructions of a Dockerfile, stage by stage: as much of the format as the deployment tests need to read what
 * the file does (comment lines and the {@code # syntax} directive skipped, {@code \} continuations joined).
 */
record DockerfileModel(List<Stage> stages) {

    /** One instruction: its keyword in upper case and the rest of the line. */
    record Instruction(String keyword, String arguments) {
        /** The arguments split on white space. */
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    /** A build stage: {@code FROM image [AS name]} and the instructions after it. */
    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** The variables its {@code ENV} instructions set ({@code ENV A=1 B=2} form). */
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                for (String pair : instruction.words()) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalStateException("ENV without NAME=value: " + instruction.arguments());
                    }
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return env;
        }

        /** The {@code RUN} commands of this stage, each as one line. */
        List<String> commands() {
            return all("RUN").stream().map(Instruction::arguments).toList();
        }
    }

    static DockerfileModel read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            add(stages, pending.toString());
            pending.setLength(0);
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(file + " ends inside a continued line: " + pending);
        }
        return new DockerfileModel(List.copyOf(stages));
    }

    private static void add(List<Stage> stages, String line) {
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String arguments = space < 0 ? "" : line.substring(space + 1).trim();
        if (keyword.equals("FROM")) {
            String[] words = arguments.split("\\s+");
            boolean named = words.length == 3 && words[1].equalsIgnoreCase("AS");
            stages.add(new Stage(words[0], named ? words[2] : null, new ArrayList<>()));
        } else if (stages.isEmpty()) {
            throw new IllegalStateException("instruction before the first FROM: " + line);
        } else {
            stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
        }
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name + " in " + stages));
    }

    /** The stage the image is made of. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
