package io.a2ebatch.simulator.internal.state;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.lifecycle.Account;
import io.a2ebatch.simulator.internal.lifecycle.Failure;
import io.a2ebatch.simulator.internal.lifecycle.Task;
import io.a2ebatch.simulator.internal.lifecycle.TaskEvents;
import io.a2ebatch.simulator.internal.lifecycle.TaskPlan;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the task store in a state directory, so a restarted simulator still knows its tasks and
 * balances. Every change is appended to {@value #FILE} as one JSON line and flushed (it survives a
 * killed process; it is not synced against power loss). On open, the journal is replayed into the
 * store and rewritten as a compact snapshot. Accounts are named by their token's SHA-256; no token
 * is written. A lock file keeps two simulators from sharing a directory.
 */
public final class StateJournal implements TaskEvents, Closeable {

    /** The journal's file name in the state directory. */
    public static final String FILE = "a2e-simulator-state.jsonl";
    private static final String LOCK_FILE = ".a2e-simulator.lock";
    private static final System.Logger LOG = System.getLogger(StateJournal.class.getName());

    private final Path file;
    private final TaskStore store;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private BufferedWriter out;

    private StateJournal(Path file, TaskStore store, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.store = store;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, replays its journal into {@code store}, compacts it, and returns the journal
     * to report the store's changes to.
     *
     * @throws IllegalStateException when another simulator uses the directory or the journal is corrupt
     */
    public static StateJournal open(Path dir, TaskStore store, FamilyCatalog catalog) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("The state directory " + dir.toAbsolutePath()
                    + " is in use by another simulator; stop it or give this one another --state-dir");
        }
        StateJournal journal = new StateJournal(dir.resolve(FILE), store, channel, lock);
        try {
            if (Files.exists(journal.file)) {
                new Replay(store, catalog, journal.file).run();
            }
            journal.compact();
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    private synchronized void compact() throws IOException {
        if (out != null) {
            out.close();
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ObjectNode counters = event("counters");
            counters.put("created", store.tasksCreated());
            counters.put("deleted", store.tasksDeleted());
            store.tasksByName().forEach(counters.putObject("byName")::put);
            store.tasksByFamily().forEach(counters.putObject("byFamily")::put);
            writeLine(w, counters);
            List<Task> tasks = new ArrayList<>();
            for (Account account : store.accounts()) {
                synchronized (account) {
                    writeLine(w, accountEvent(account));
                    tasks.addAll(store.tasksOf(account));
                }
            }
            tasks.sort(Comparator.comparingLong(Task::seq));
            for (Task task : tasks) {
                ObjectNode line = taskEvent(task);
                line.put("snapshot", true);
                line.put("start", task.processingStart());
                line.put("end", task.endAt());
                line.put("timedOut", task.timedOut());
                line.put("settled", task.settled());
                writeLine(w, line);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Override
    public void accountOpened(Account account) {
        append(accountEvent(account));
    }

    @Override
    public void creditsChanged(Account account) {
        ObjectNode e = event("credits");
        e.put("account", account.key());
        e.put("credits", account.credits());
        append(e);
    }

    @Override
    public void enabledChanged(Account account) {
        ObjectNode e = event("enabled");
        e.put("account", account.key());
        e.put("enabled", account.enabled());
        append(e);
    }

    @Override
    public void taskCreated(Task task) {
        append(taskEvent(task));
    }

    @Override
    public void taskScheduled(Task task) {
        ObjectNode e = event("scheduled");
        e.put("id", task.id());
        e.put("start", task.processingStart());
        e.put("end", task.endAt());
        e.put("timedOut", task.timedOut());
        append(e);
    }

    @Override
    public void taskSettled(Task task) {
        ObjectNode e = event("settled");
        e.put("id", task.id());
        append(e);
    }

    @Override
    public void taskDeleted(Task task, long refund) {
        ObjectNode e = event("deleted");
        e.put("id", task.id());
        e.put("refund", refund);
        append(e);
    }

    @Override
    public void cleared() {
        try {
            compact();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the state journal " + file, e);
        }
    }

    private static ObjectNode event(String type) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("e", type);
        return e;
    }

    private static ObjectNode accountEvent(Account account) {
        ObjectNode e = event("account");
        e.put("account", account.key());
        e.put("mask", account.mask());
        e.put("credits", account.credits());
        e.put("enabled", account.enabled());
        return e;
    }

    private static ObjectNode taskEvent(Task task) {
        ObjectNode e = event("task");
        e.put("id", task.id());
        e.put("family", task.family().name());
        e.put("account", task.account().key());
        e.put("name", task.name());
        e.set("body", Json.MAPPER.readTree(task.body()));
        e.put("created", task.createdAt());
        e.put("step", task.step());
        e.put("deadline", task.deadline());
        e.put("cost", task.cost());
        e.put("duration", task.plan().durationMillis());
        Failure failure = task.plan().failure();
        if (failure != null) {
            ObjectNode f = e.putObject("failure");
            f.put("code", failure.code());
            f.put("message", failure.message());
        }
        return e;
    }

    private synchronized void append(ObjectNode event) {
        try {
            writeLine(out, event);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the state journal " + file, e);
        }
    }

    private static void writeLine(BufferedWriter w, ObjectNode event) throws IOException {
        w.write(Json.MAPPER.writeValueAsString(event));
        w.write('\n');
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (out != null) {
                out.close();
            }
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    /** Replays a journal file into the store. */
    private static final class Replay {

        private final TaskStore store;
        private final FamilyCatalog catalog;
        private final Path file;

        Replay(TaskStore store, FamilyCatalog catalog, Path file) {
            this.store = store;
            this.catalog = catalog;
            this.file = file;
        }

        void run() throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e;
                try {
                    e = Json.MAPPER.readTree(line);
                } catch (JacksonException ex) {
                    if (i == lines.size() - 1) {
                        LOG.log(Level.WARNING, "Ignoring the unfinished last line of " + file
                                + " (the simulator stopped while writing it)");
                        continue;
                    }
                    throw corrupt(i, "not valid JSON: " + ex.getOriginalMessage());
                }
                try {
                    apply(e);
                } catch (RuntimeException ex) {
                    throw corrupt(i, ex.getMessage());
                }
            }
        }

        private IllegalStateException corrupt(int index, String why) {
            return new IllegalStateException("State journal " + file + " line " + (index + 1) + " is " + why
                    + "; move the file away to start with an empty simulator");
        }

        private void apply(JsonNode e) {
            switch (e.path("e").asString("")) {
                case "counters" -> store.restoreCounters(e.path("created").asLong(), e.path("deleted").asLong(),
                        longs(e.path("byName")), longs(e.path("byFamily")));
                case "account" -> store.restoreAccount(text(e, "account"), text(e, "mask"), e.path("credits").asLong(),
                        e.path("enabled").asBoolean(true));
                case "credits" -> store.setCreditsQuietly(account(e), e.path("credits").asLong());
                case "enabled" -> store.setEnabledQuietly(account(e), e.path("enabled").asBoolean(true));
                case "task" -> task(e);
                case "scheduled" -> store.restoreScheduled(text(e, "id"), e.path("start").asLong(), e.path("end").asLong(),
                        e.path("timedOut").asBoolean(false));
                case "settled" -> store.restoreSettled(text(e, "id"));
                case "deleted" -> store.restoreDeleted(text(e, "id"), e.path("refund").asLong());
                default -> throw new IllegalArgumentException("an event of unknown type " + e.path("e"));
            }
        }

        private void task(JsonNode e) {
            TaskFamily family = catalog.find(text(e, "family")).orElseThrow(() -> new IllegalArgumentException(
                    "a task of family " + e.path("family") + ", which the spec does not have"));
            JsonNode failureNode = e.path("failure");
            Failure failure = failureNode.isObject()
                    ? new Failure(text(failureNode, "code"), text(failureNode, "message")) : null;
            boolean snapshot = e.path("snapshot").asBoolean(false);
            String id = text(e, "id");
            store.restoreTask(id, family, account(e), e.path("name").asString(""),
                    Json.MAPPER.writeValueAsBytes(e.path("body")), e.path("created").asLong(), e.path("step").asLong(),
                    e.path("deadline").asLong(), e.path("cost").asLong(),
                    new TaskPlan(e.path("duration").asLong(), failure), !snapshot, !snapshot);
            if (snapshot) {
                if (e.path("settled").asBoolean(false)) {
                    store.restoreSettledQuietly(id);
                }
                if (e.path("end").asLong(-1) >= 0) {
                    store.restoreScheduled(id, e.path("start").asLong(), e.path("end").asLong(),
                            e.path("timedOut").asBoolean(false));
                }
            }
        }

        private Account account(JsonNode e) {
            String key = text(e, "account");
            return store.account(key).orElseThrow(() -> new IllegalArgumentException(
                    "about account " + key.substring(0, Math.min(8, key.length())) + "..., which it never opened"));
        }

        private static String text(JsonNode e, String field) {
            JsonNode v = e.get(field);
            if (v == null || !v.isString()) {
                throw new IllegalArgumentException("missing the text field '" + field + "'");
            }
            return v.stringValue();
        }

        private static Map<String, Long> longs(JsonNode object) {
            Map<String, Long> out = new LinkedHashMap<>();
            for (var entry : object.properties()) {
                out.put(entry.getKey(), entry.getValue().asLong());
            }
            return out;
        }
    }
}
