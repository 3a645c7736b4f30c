package io.listgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One address or CIDR block, e.g. {@code 10.0.0.5}, {@code 10.0.0.0/8} or {@code fd00::/8}. Only
 * literals are accepted: a host name would be resolved once at boot and silently go stale.
 */
public record AddressRange(String text, byte[] network, int prefixBits) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public AddressRange {
        network = network.clone();
    }

    /** Parses {@code address} or {@code address/bits}; a malformed one stops the server at boot. */
    public static AddressRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(() -> new ConfigurationException(
                "trusted proxy '" + text + "' must be an IP address or CIDR block such as 10.0.0.0/8"));
        int maxBits = bytes.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > maxBits) {
                throw new ConfigurationException("trusted proxy '" + text + "' has a prefix length outside 0-" + maxBits);
            }
        }
        return new AddressRange(trimmed, bytes, bits);
    }

    /** Whether {@code address} lies in this block (IPv4 and IPv6 never match each other). */
    public boolean contains(InetAddress address) {
        byte[] other = address.getAddress();
        if (other.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (other[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (other[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefixBits == prefixBits && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        return text;
    }

    /** The bytes of an IP literal, checked before {@link InetAddress} sees it so that no name lookup happens. */
    public static Optional<byte[]> literal(String address) {
        var v4 = IPV4.matcher(address);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(bytes);
        }
        if (!IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            // A string with a colon is parsed as an IPv6 literal, never looked up.
            return Optional.of(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
