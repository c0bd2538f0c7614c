package io.truelift.api.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access for the listed origins only (closed when none is listed: browsers then
 * refuse other sites' reads, and SameSite=Strict keeps the cookie from their requests). An allowed
 * origin may send credentials; a preflight from any other origin gets 403 and no CORS headers.
 */
public final class CorsFilter implements Filter {
  static final String METHODS = "GET, POST, DELETE, OPTIONS";
  static final String HEADERS = "Content-Type, Authorization, Accept";

  private final Set<String> allowed;

  public CorsFilter(Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /** Parses a comma-separated list; each origin must be scheme://host[:port]. */
  public static Set<String> parse(String origins) {
    if (origins == null || origins.isBlank()) {
      return Set.of();
    }
    Set<String> out =
        Arrays.stream(origins.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    for (String o : out) {
      if (!o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException(
            "http.corsAllowedOrigins entries must be scheme://host[:port] without a path, got \"" + o + "\"");
      }
    }
    return out;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String origin = request.getHeader("Origin");
    boolean preflight =
        "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
    if (origin != null && allowed.contains(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Credentials", "true");
      response.addHeader("Vary", "Origin");
      if (preflight) {
        response.setHeader("Access-Control-Allow-Methods", METHODS);
        response.setHeader("Access-Control-Allow-Headers", HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        return;
      }
    } else if (preflight) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    chain.doFilter(req, res);
  }
}
