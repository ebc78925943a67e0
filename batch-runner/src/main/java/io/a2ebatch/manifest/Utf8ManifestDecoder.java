package io.a2ebatch.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a manifest's bytes as strict UTF-8 for the CSV parser: drops a leading byte order mark and,
 * instead of silently replacing an invalid byte, fails with the physical line and byte offset where it
 * is. Characters decoded before an invalid byte are handed out first, so every record before it is
 * still parsed and checked. Line breaks are counted as Commons CSV counts them (LF, CR, CRLF).
 */
final class Utf8ManifestDecoder extends Reader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 14).flip();
    private long bytesRead;
    private long lineBreaks;
    private boolean lastWasCr;
    private boolean endOfInput;
    private boolean flushed;
    private boolean started;
    private String invalidReason;
    private InvalidUtf8Exception pending;

    Utf8ManifestDecoder(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(cbuf, off, n);
        return n;
    }

    /** Decodes the next chunk into {@link #chars}; false at the end of the input. */
    private boolean fill() throws IOException {
        if (pending != null) {
            throw pending;
        }
        chars.clear();
        while (chars.position() == 0 && !flushed) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                invalidReason = describeInvalid(result.length());
                break;
            }
            if (result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                decoder.flush(chars);
                flushed = true;
            } else {
                readBytes();
            }
        }
        chars.flip();
        if (!started && chars.hasRemaining()) {
            started = true;
            if (chars.get(chars.position()) == BYTE_ORDER_MARK) {
                chars.get();
            }
        }
        countLineBreaks();
        if (invalidReason != null) {
            // Every character before the bad byte has been counted: it sits on the next line.
            pending = new InvalidUtf8Exception(lineBreaks + 1, invalidReason);
            if (!chars.hasRemaining()) {
                throw pending;
            }
        }
        return chars.hasRemaining();
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
            bytesRead += n;
        }
        bytes.flip();
    }

    private void countLineBreaks() {
        char[] a = chars.array();
        long breaks = 0;
        boolean cr = lastWasCr;
        for (int i = chars.position(), end = chars.limit(); i < end; i++) {
            char c = a[i];
            if (c == '\n') {
                if (!cr) {
                    breaks++;
                }
                cr = false;
            } else if (c == '\r') {
                breaks++;
                cr = true;
            } else {
                cr = false;
            }
        }
        lineBreaks += breaks;
        lastWasCr = cr;
    }

    private String describeInvalid(int length) {
        long offset = bytesRead - bytes.remaining();
        if (offset == 0 && looksLikeUtf16()) {
            return "is UTF-16, not UTF-8; save the manifest as UTF-8 (in Excel: \"CSV UTF-8\")";
        }
        StringBuilder found = new StringBuilder();
        for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
            found.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xff));
        }
        return "is not valid UTF-8: invalid byte" + (length == 1 ? " " : "s ") + found + " at byte offset " + offset
                + "; save the manifest as UTF-8 (in Excel: \"CSV UTF-8\")";
    }

    private boolean looksLikeUtf16() {
        if (bytes.remaining() < 2) {
            return false;
        }
        int b0 = bytes.get(bytes.position()) & 0xff;
        int b1 = bytes.get(bytes.position() + 1) & 0xff;
        return (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Bytes that are not UTF-8, located by physical line. */
    static final class InvalidUtf8Exception extends IOException {

        private final long line;

        InvalidUtf8Exception(long line, String reason) {
            super(reason);
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
