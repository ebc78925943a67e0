package io.a2ebatch.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock per manifest in the state directory, so that two processes never drive the same
 * run (each would believe the other's rows in doubt were its own). The operating system releases it
 * when the process dies, however it dies.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code runTag}.
     *
     * @throws RunAlreadyActiveException if another live process holds it
     */
    public static RunLock acquire(Path stateDir, String runTag, Path manifest) {
        Path file = stateDir.resolve("locks").resolve(runTag + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new RunAlreadyActiveException("Another a2e-batch process is running " + manifest
                        + " right now (lock " + file + "). Wait for it to end, or stop it with Ctrl-C.");
            }
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot take the run lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the run lock", e);
        }
    }

    /** Another live process is running the same manifest. */
    public static final class RunAlreadyActiveException extends RuntimeException {
        public RunAlreadyActiveException(String message) {
            super(message);
        }
    }
}
