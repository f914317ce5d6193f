package ai.mirroros.licensing.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a file completely or not at all: to a temporary file beside it, then renamed into place. */
final class AtomicFile {
    private AtomicFile() {
    }

    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} readable by everyone (0644), like any export. */
    static void write(Path target, Content content) throws IOException {
        write(target, content, "rw-r--r--");
    }

    /** Writes {@code target} readable by its owner only (0600): tax forms carry full TINs. */
    static void writePrivate(Path target, Content content) throws IOException {
        write(target, content, "rw-------");
    }

    private static void write(Path target, Content content, String permissions) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            // Set before the content goes in, so a private file is never readable by others, even half-written.
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(permissions));
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
