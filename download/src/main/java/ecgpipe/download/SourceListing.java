package ecgpipe.download;

import ecgpipe.common.PipelineException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Turns an {@link S3Location} into the objects to fetch. A URI ending in '/' (or naming the bucket) is a
 * prefix and is listed; otherwise it may be one object or a prefix written without its slash, so a HEAD
 * decides: an object of that exact key wins, else everything under {@code KEY/} is listed.
 */
final class SourceListing {
    private SourceListing() {
    }

    static List<RemoteObject> resolve(S3Client s3, S3Location source, boolean anonymous) {
        if (!source.isPrefix()) {
            HeadObjectResponse head = headOrNull(s3, source, anonymous);
            if (head != null) {
                String name = source.key().substring(source.key().lastIndexOf('/') + 1);
                return List.of(new RemoteObject(source.key(), name, head.contentLength(), ETag.normalize(head.eTag())));
            }
        }
        String prefix = source.asPrefix();
        List<RemoteObject> found = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(source.bucket()).prefix(prefix).build();
            // The paginator follows continuation tokens: S3 returns at most 1000 keys per page.
            for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
                if (o.key().endsWith("/") && o.size() == 0) {
                    continue; // a "folder" placeholder made by consoles, not data
                }
                found.add(new RemoteObject(o.key(), o.key().substring(prefix.length()), o.size(),
                        ETag.normalize(o.eTag())));
            }
        } catch (SdkException e) {
            throw S3Errors.map(e, source.uri(prefix), anonymous);
        }
        if (found.isEmpty()) {
            throw PipelineException.inputMissing(source.uri(prefix) + ": no object under this prefix"
                    + (source.isPrefix() ? "" : " and no object with key '" + source.key() + "'"));
        }
        return found;
    }

    /** The object's metadata, or null when there is no object with exactly that key. */
    private static HeadObjectResponse headOrNull(S3Client s3, S3Location source, boolean anonymous) {
        try {
            return s3.headObject(b -> b.bucket(source.bucket()).key(source.key()));
        } catch (S3Exception e) {
            // 404: not an object (maybe a prefix, maybe no bucket: the listing will tell). 403: a bucket
            // without s3:GetObject on that key may still allow listing; let the listing decide too.
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return null;
            }
            throw S3Errors.map(e, source.toString(), anonymous);
        } catch (SdkException e) {
            throw S3Errors.map(e, source.toString(), anonymous);
        }
    }
}
