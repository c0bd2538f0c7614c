package io.truelift.api.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request bodies over the limit with 413 and a JSON message saying the limit: at once when
 * the declared {@code Content-Length} is too large, and while reading a body sent without one
 * (chunked), before it is parsed.
 */
public final class RequestSizeLimit implements Filter {
  private final long maxBytes;

  public RequestSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  String message(String size) {
    return "{\"code\":413,\"message\":\"The request body is %s; at most %d bytes are accepted\"}"
        .formatted(size, maxBytes);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      reject((HttpServletResponse) res, declared + " bytes");
      return;
    }
    if (declared >= 0) {
      chain.doFilter(req, res);
      return;
    }
    // No declared length: count while the application reads; past the limit it sees an error.
    Counting counting = new Counting(request, maxBytes);
    try {
      chain.doFilter(counting, res);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!counting.exceeded || res.isCommitted()) {
        throw e;
      }
    }
    if (counting.exceeded && !res.isCommitted()) {
      res.reset();
      reject((HttpServletResponse) res, "more than " + maxBytes + " bytes");
    }
  }

  private void reject(HttpServletResponse response, String size) throws IOException {
    response.setStatus(413);
    response.setContentType("application/json");
    response.setHeader("Connection", "close");
    response.getOutputStream().write(message(size).getBytes(StandardCharsets.UTF_8));
  }

  /** Thrown when a body without a declared length grows past the limit. */
  static final class TooLarge extends IOException {
    TooLarge(long max) {
      super("request body larger than " + max + " bytes");
    }
  }

  private static final class Counting extends HttpServletRequestWrapper {
    private final long max;
    private boolean exceeded;
    private ServletInputStream stream;

    Counting(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long count;

              private int check(int n) throws IOException {
                if (n > 0) {
                  count += n;
                  if (count > max) {
                    exceeded = true;
                    throw new TooLarge(max);
                  }
                }
                return n;
              }

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  check(1);
                }
                return b;
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                return check(in.read(b, off, len));
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
