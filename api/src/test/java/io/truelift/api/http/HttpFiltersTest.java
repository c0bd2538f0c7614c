package io.truelift.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CORS for listed origins only, and the body size limit with and without a declared length. */
class HttpFiltersTest {
  static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();

  static HttpServletResponse response() throws Exception {
    OUT.reset();
    HttpServletResponse r = mock(HttpServletResponse.class);
    when(r.getOutputStream())
        .thenReturn(
            new ServletOutputStream() {
              @Override
              public void write(int b) {
                OUT.write(b);
              }

              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void setWriteListener(WriteListener l) {}
            });
    return r;
  }

  @Test
  void anAllowedOriginGetsCredentialedCorsAndItsPreflightAnswered() throws Exception {
    CorsFilter cors = new CorsFilter(CorsFilter.parse("https://dash.example.com, http://localhost:5173"));
    HttpServletRequest preflight = mock(HttpServletRequest.class);
    when(preflight.getMethod()).thenReturn("OPTIONS");
    when(preflight.getHeader("Origin")).thenReturn("https://dash.example.com");
    when(preflight.getHeader("Access-Control-Request-Method")).thenReturn("POST");
    HttpServletResponse res = response();
    FilterChain chain = mock(FilterChain.class);

    cors.doFilter(preflight, res, chain);

    verify(res).setHeader("Access-Control-Allow-Origin", "https://dash.example.com");
    verify(res).setHeader("Access-Control-Allow-Credentials", "true");
    verify(res).setStatus(204);
    verify(chain, never()).doFilter(preflight, res);
  }

  @Test
  void anotherOriginsPreflightIsRefusedWithoutCorsHeaders() throws Exception {
    CorsFilter cors = new CorsFilter(Set.of("https://dash.example.com"));
    HttpServletRequest preflight = mock(HttpServletRequest.class);
    when(preflight.getMethod()).thenReturn("OPTIONS");
    when(preflight.getHeader("Origin")).thenReturn("https://evil.example");
    when(preflight.getHeader("Access-Control-Request-Method")).thenReturn("POST");
    HttpServletResponse res = response();

    cors.doFilter(preflight, res, mock(FilterChain.class));

    verify(res).setStatus(403);
    verify(res, never()).setHeader("Access-Control-Allow-Origin", "https://evil.example");
  }

  @Test
  void originsMustBeSchemeHostAndPort() {
    assertThatThrownBy(() -> CorsFilter.parse("https://ok.example, dash.example.com/app"))
        .hasMessage("http.corsAllowedOrigins entries must be scheme://host[:port] without a path, got \"dash.example.com/app\"");
    assertThat(CorsFilter.parse("")).isEmpty();
  }

  @Test
  void aChunkedBodyOverTheLimitIs413WhileItIsRead() throws Exception {
    RequestSizeLimit limit = new RequestSizeLimit(10);
    HttpServletRequest req = mock(HttpServletRequest.class);
    when(req.getContentLengthLong()).thenReturn(-1L);
    ByteArrayInputStream body = new ByteArrayInputStream("0123456789ABC".getBytes(StandardCharsets.UTF_8));
    when(req.getInputStream())
        .thenReturn(
            new ServletInputStream() {
              @Override
              public int read() {
                return body.read();
              }

              @Override
              public boolean isFinished() {
                return body.available() == 0;
              }

              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void setReadListener(ReadListener l) {}
            });
    HttpServletResponse res = response();

    limit.doFilter(req, res, (rq, rs) -> ((HttpServletRequest) rq).getInputStream().readAllBytes());

    verify(res).setStatus(413);
    assertThat(OUT.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"code\":413,\"message\":\"The request body is more than 10 bytes; at most 10 bytes are accepted\"}");
  }

  @Test
  void aBodyWithinTheLimitPasses() throws Exception {
    RequestSizeLimit limit = new RequestSizeLimit(10);
    HttpServletRequest req = mock(HttpServletRequest.class);
    when(req.getContentLengthLong()).thenReturn(10L);
    HttpServletResponse res = response();
    FilterChain chain = mock(FilterChain.class);

    limit.doFilter(req, res, chain);

    verify(chain).doFilter(req, res);
    verify(res, never()).setStatus(413);
  }
}
