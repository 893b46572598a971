package ecgpipe.download;

/**
 * One object to fetch, as the listing (or HEAD) described it.
 *
 * @param key          the full S3 key
 * @param relativePath where it goes under the destination, '/'-separated (the key minus the prefix)
 * @param size         bytes
 * @param etag         the ETag with its quotes stripped
 */
public record RemoteObject(String key, String relativePath, long size, String etag) {
}
