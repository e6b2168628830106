package io.traceandtrace.core.export;

import java.net.URI;

/**
 * A URL as it may leave the process, in a span tag, a log line or a health detail: without
 * user-info (credentials), query and fragment. Text that is not a URI loses them too.
 */
public final class SafeUrl {

    private SafeUrl() {
    }

    public static String of(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawAuthority() == null) {
                return stripQuery(url);
            }
            StringBuilder out = new StringBuilder();
            if (uri.getScheme() != null) {
                out.append(uri.getScheme()).append("://");
            }
            if (uri.getHost() != null) {
                out.append(uri.getHost());
                if (uri.getPort() >= 0) {
                    out.append(':').append(uri.getPort());
                }
            } else {
                String authority = uri.getRawAuthority();
                out.append(authority.substring(authority.lastIndexOf('@') + 1));
            }
            if (uri.getRawPath() != null) {
                out.append(uri.getRawPath());
            }
            return out.toString();
        } catch (IllegalArgumentException e) {
            String stripped = stripQuery(url);
            int at = stripped.indexOf('@');
            int scheme = stripped.indexOf("://");
            return at > scheme && scheme >= 0 ? stripped.substring(0, scheme + 3) + stripped.substring(at + 1) : stripped;
        }
    }

    private static String stripQuery(String url) {
        int cut = url.indexOf('?');
        if (cut < 0) {
            cut = url.indexOf('#');
        }
        return cut < 0 ? url : url.substring(0, cut);
    }
}
