package io.listgate;

import io.listgate.config.ConfigurationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code LISTGATE_HOME}: a second server on the same home would start a
 * second MariaDB on the same data files and corrupt them, so it must refuse to start instead.
 */
public final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static HomeLock acquire(Path home) {
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve("listgate.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new ConfigurationException("Another ListGate server is already running on " + home
                        + ". Stop it first, or give this one its own LISTGATE_HOME.");
            }
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            throw new ConfigurationException("cannot lock " + home + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process is going away; the OS releases the lock with it.
        }
    }
}
