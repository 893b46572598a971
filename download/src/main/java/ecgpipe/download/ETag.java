package ecgpipe.download;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * S3 ETags. For an object uploaded in one PUT without KMS encryption the ETag is the hex MD5 of the content,
 * which lets us verify a download end to end for free. Multipart ETags look like {@code <hex>-<parts>} and
 * are an MD5 of part MD5s, useless for checking the whole file, so they are only compared for equality.
 */
final class ETag {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private ETag() {
    }

    /** Strips the quotes S3 puts around ETags (and weak markers some servers add); lower-cases the hex. */
    static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String e = raw.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    /** True when the (normalized) ETag has the shape of a content MD5. */
    static boolean looksLikeMd5(String etag) {
        return MD5_HEX.matcher(etag).matches();
    }

    /**
     * Whether the ETag of a response can be trusted as the content MD5: the shape fits and the object is not
     * encrypted with SSE-KMS / DSSE-KMS (whose ETags are MD5-shaped but not the MD5 of the plaintext) nor with a
     * customer key (SSE-C).
     *
     * @param serverSideEncryption the x-amz-server-side-encryption header, or null
     * @param customerKeyAlgorithm the x-amz-server-side-encryption-customer-algorithm header, or null
     */
    static boolean isContentMd5(String etag, String serverSideEncryption, String customerKeyAlgorithm) {
        if (!looksLikeMd5(etag) || customerKeyAlgorithm != null) {
            return false;
        }
        return serverSideEncryption == null || serverSideEncryption.equalsIgnoreCase("AES256");
    }
}
