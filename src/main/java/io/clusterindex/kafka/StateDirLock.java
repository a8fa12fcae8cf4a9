package io.clusterindex.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive lock on a state directory, held through an OS file lock on {@code .cluster-index.lock}.
 * Two brokers writing one log directory corrupt it, so a process takes this lock before it touches the directory.
 */
public final class StateDirLock implements AutoCloseable {
    /** Name of the lock file inside the state directory. */
    public static final String LOCK_FILE_NAME = ".cluster-index.lock";

    private final Path stateDir;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(Path stateDir, FileChannel channel, FileLock lock) {
        this.stateDir = stateDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code stateDir} if needed and locks it exclusively.
     *
     * @throws StateDirLockedException if another process or another holder in this JVM has the lock
     * @throws UncheckedIOException if the directory or the lock file cannot be created
     */
    public static StateDirLock acquire(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        Path lockFile = dir.resolve(LOCK_FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw lockedException(dir, lockFile);
            }
            return new StateDirLock(dir, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw lockedException(dir, lockFile);
        } catch (StateDirLockedException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock STATE_DIR " + dir + " (lock file " + lockFile + ")", e);
        }
    }

    /** The locked directory, absolute and normalized. */
    public Path stateDir() {
        return stateDir;
    }

    /** Releases the lock. Calling it again does nothing. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of STATE_DIR " + stateDir, e);
        }
    }

    private static StateDirLockedException lockedException(Path dir, Path lockFile) {
        return new StateDirLockedException("STATE_DIR " + dir + " is in use by another cluster-index process"
                + " (lock file " + lockFile + "); two brokers on one log dir corrupt it."
                + " Stop the other process or choose another STATE_DIR.");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the channel holds no lock at this point
        }
    }
}
