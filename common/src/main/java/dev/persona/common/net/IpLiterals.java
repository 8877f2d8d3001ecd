package dev.persona.common.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;

/** IP address literals as proxies write them, parsed without ever asking DNS. */
public final class IpLiterals {
    /** Longer than any IPv6 literal with brackets, port and a short zone. */
    private static final int MAX_LENGTH = 64;

    private IpLiterals() {
    }

    /**
     * {@code 192.0.2.1}, {@code 192.0.2.1:443}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}, {@code fe80::1%eth0};
     * null for anything else (host names, {@code unknown}, obfuscated identifiers, garbage).
     */
    public static InetAddress parse(String text) {
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return null;
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return NetUtil.createInetAddressFromIpAddressString(s);
    }
}
