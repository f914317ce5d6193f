package ai.mirroros.licensing.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A reproducible PDF on US Letter with the standard 14 Helvetica fonts (nothing embedded, so nothing to license or
 * version). PDFBox would stamp a time-based trailer /ID and the document dates; here the dates are the period's
 * start and the /ID is a hash of the report's content (without its generated-at line), and nothing is compressed,
 * so the same ledger gives the same bytes and two runs differ only in the characters of the generated-at line.
 */
final class ReportPdf implements AutoCloseable {
    static final PDRectangle PAGE = PDRectangle.LETTER;
    static final float MARGIN = 40;
    private final PDDocument document = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    ReportPdf(String title, Instant documentDate) {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(safe(title));
        info.setCreator("MirrorOS Licensing");
        Calendar date = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        date.setTimeInMillis(documentDate.toEpochMilli());
        info.setCreationDate(date);
        info.setModificationDate(date);
        document.setDocumentInformation(info);
    }

    /** A new page and its content stream (uncompressed: see the class comment); the caller closes the stream. */
    Canvas newPage() {
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        try {
            return new Canvas(new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE,
                    false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drawing on one page: text at a point, rectangles, check boxes. Coordinates in points from the bottom left. */
    final class Canvas implements AutoCloseable {
        private final PDPageContentStream stream;

        private Canvas(PDPageContentStream stream) {
            this.stream = stream;
        }

        void text(float x, float y, float size, boolean strong, String text) {
            try {
                stream.beginText();
                stream.setFont(strong ? bold : regular, size);
                stream.newLineAtOffset(x, y);
                stream.showText(safe(text));
                stream.endText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Right-aligned text ending at {@code right}, for amounts. */
        void textRight(float right, float y, float size, boolean strong, String text) {
            try {
                float width = (strong ? bold : regular).getStringWidth(safe(text)) / 1000 * size;
                text(right - width, y, size, strong, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void box(float x, float y, float width, float height) {
            try {
                stream.setLineWidth(0.6f);
                stream.addRect(x, y, width, height);
                stream.stroke();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void line(float x1, float y1, float x2, float y2) {
            try {
                stream.setLineWidth(0.6f);
                stream.moveTo(x1, y1);
                stream.lineTo(x2, y2);
                stream.stroke();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A small square, crossed when {@code checked}, and its label. */
        void checkBox(float x, float y, boolean checked, String label) {
            box(x, y, 8, 8);
            if (checked) {
                text(x + 1.2f, y + 1.2f, 8, true, "X");
            }
            text(x + 12, y + 1, 7.5f, false, label);
        }

        @Override
        public void close() {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The finished document. {@code fingerprint} is the report's content without the generated-at line; its
     * SHA-256 becomes the trailer /ID (both halves: the file is always written whole, never updated).
     */
    byte[] toBytes(String fingerprint) {
        byte[] id = Arrays.copyOf(sha256(fingerprint), 16);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            document.save(out, CompressParameters.NO_COMPRESSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            document.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helvetica's WinAnsi encoding has no glyph for most of Unicode: anything outside Latin-1 prints as '?'. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff ? c : c == '\u2013' || c == '\u2014'
                    ? '-' : '?');
        }
        return out.toString();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
