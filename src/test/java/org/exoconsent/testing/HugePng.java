package org.exoconsent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A real, well-formed PNG of any size, written without ever holding its pixels: every pixel is zero (black), which
 * deflate squeezes about a thousand times, so a 20,000 × 20,000 grey image is some 400 KB — the
 * kind of file that needs gigabytes once decoded (issue 14 §2).
 */
public final class HugePng {
    private HugePng() {
    }

    /** An 8-bit grey PNG of {@code width} × {@code height} pixels, all black (zero). */
    public static byte[] grey(int width, int height) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                    .put((byte) 0).put((byte) 0).put((byte) 0).array());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] row = new byte[1 + width]; // filter type 0, then the row's pixels
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(png, "IDAT", idat.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #grey} as the base64 text a session's {@code png} field holds. */
    public static String greyBase64(int width, int height) {
        return Base64.getEncoder().encodeToString(grey(width, height));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
