package ecgpipe.download;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the SDK throws (after its own retries) into the pipeline's exit codes, with one line that
 * names the S3 URL and says what to do. The SDK's messages carry request ids and class names that do not
 * help a user; the error code S3 sent ({@code NoSuchBucket}, {@code SlowDown}, ...) does, so it is kept.
 */
final class S3Errors {
    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AllAccessDisabled", "AccountProblem",
            "InvalidSecurity");

    private S3Errors() {
    }

    /** The pipeline failure for {@code e}, which happened while working on {@code url}. */
    static PipelineException map(SdkException e, String url, boolean anonymous) {
        if (e instanceof S3Exception s3) {
            return service(s3, url, anonymous);
        }
        Throwable root = rootOf(e);
        // Before the timeout check: a connect timeout means nobody answers, not a slow answer.
        if (isUnreachable(e)) {
            return new PipelineException(ExitCode.UNAVAILABLE, url + ": cannot reach the S3 endpoint ("
                    + describe(root) + ")", e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || root instanceof SocketTimeoutException) {
            return new PipelineException(ExitCode.TEMPORARY, url + ": timed out waiting for the S3 endpoint ("
                    + describe(root) + "); try again later", e);
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unable to load credentials")) {
            return new PipelineException(ExitCode.ACCESS_DENIED, url + ": no AWS credentials found; set "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile, or add --no-sign-request for a "
                    + "public bucket", e);
        }
        if (root instanceof InterruptedIOException) {
            return new PipelineException(ExitCode.TEMPORARY, url + ": connection interrupted (" + describe(root)
                    + "); try again later", e);
        }
        return new PipelineException(ExitCode.UNAVAILABLE, url + ": S3 request failed (" + describe(root) + ")", e);
    }

    private static PipelineException service(S3Exception e, String url, boolean anonymous) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = (code == null ? "HTTP " + status : code + ", HTTP " + status);
        if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
            return new PipelineException(ExitCode.INPUT_MISSING, url + ": no such bucket", e);
        }
        if (e instanceof NoSuchKeyException || "NoSuchKey".equals(code)) {
            return new PipelineException(ExitCode.INPUT_MISSING, url + ": no such object", e);
        }
        if (status == 404) {
            return new PipelineException(ExitCode.INPUT_MISSING, url + ": not found (" + detail + ")", e);
        }
        if (status == 401 || status == 403 || (code != null && DENIED.contains(code))) {
            String hint = anonymous ? "; the bucket may need credentials (drop --no-sign-request)"
                    : "; check the credentials, or add --no-sign-request for a public bucket";
            return new PipelineException(ExitCode.ACCESS_DENIED, url + ": access denied (" + detail + ")" + hint, e);
        }
        if (status == 503 || status == 500 || status == 429 || e.isThrottlingException()
                || "SlowDown".equals(code) || "RequestTimeout".equals(code)) {
            return new PipelineException(ExitCode.TEMPORARY, url + ": the S3 service is busy or failing ("
                    + detail + ") after retries; try again later", e);
        }
        if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
            return new PipelineException(ExitCode.USAGE, url + ": the bucket is in another region (" + detail
                    + "); pass --region", e);
        }
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return new PipelineException(ExitCode.UNAVAILABLE, url + ": S3 request failed (" + detail
                + (message == null ? "" : ": " + message) + ")", e);
    }

    /** A connection that could not be made at all: refused, no route, unknown host, connect timeout. */
    static boolean isUnreachable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            // HttpURLConnection reports a connect timeout as SocketTimeoutException "Connect timed out".
            boolean connectTimeout = c instanceof SocketTimeoutException
                    && String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect timed out");
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException || connectTimeout
                    || c.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootOf(Throwable e) {
        Throwable r = e;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
