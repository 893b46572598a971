package ecgpipe.download;

import ecgpipe.common.PipelineException;
import java.util.regex.Pattern;

/**
 * What the user asked for: {@code s3://BUCKET/PREFIX/} (every object under a prefix) or {@code s3://BUCKET/KEY}
 * (one object, or a prefix written without its trailing slash; {@link SourceListing} tells them apart).
 * The key part is kept verbatim: S3 keys are case-sensitive and may contain any character.
 */
public record S3Location(String bucket, String key) {
    /**
     * Bucket names as S3 accepts them, including the legacy us-east-1 names with capitals and underscores
     * that old public buckets still use; anything else is a typo better caught before a network round trip.
     */
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,254}");

    public S3Location {
        if (!BUCKET.matcher(bucket).matches()) {
            throw PipelineException.usage("not a valid S3 bucket name: '" + bucket + "'");
        }
    }

    public static S3Location parse(String uri) {
        String scheme = "s3://";
        if (uri == null || !uri.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw PipelineException.usage("not an S3 URI (expected s3://BUCKET/PREFIX/): '" + uri + "'");
        }
        String rest = uri.substring(scheme.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw PipelineException.usage("S3 URI has no bucket: '" + uri + "'");
        }
        return new S3Location(bucket, key);
    }

    /** True when the URI can only mean a prefix: the whole bucket, or a key ending in '/'. */
    public boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** The key as a listing prefix: with a trailing '/' unless it names the whole bucket. */
    public String asPrefix() {
        return isPrefix() ? key : key + "/";
    }

    public String uri(String someKey) {
        return "s3://" + bucket + "/" + someKey;
    }

    @Override
    public String toString() {
        return uri(key);
    }
}
