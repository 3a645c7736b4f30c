package io.listgate.web;

import io.listgate.config.AddressRange;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Jetty's {@link ForwardedRequestCustomizer} ({@code Forwarded}, {@code X-Forwarded-Proto/Host/Port/For}),
 * applied only when the connection comes from a configured proxy. Anyone else could claim to have
 * come in over HTTPS and get links, {@code Secure} cookies and redirects built for a scheme and host
 * it made up, so from them the headers are left unread.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {

    private final List<AddressRange> proxies;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    TrustedProxies(List<AddressRange> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        return isTrusted(request.getConnectionMetaData().getRemoteSocketAddress())
                ? forwarded.customize(request, responseHeaders) : request;
    }

    /** The TCP peer, never an address a header claims. */
    private boolean isTrusted(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        return proxies.stream().anyMatch(range -> range.contains(inet.getAddress()));
    }
}
