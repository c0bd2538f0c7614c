package io.truelift.evaluation;

import java.util.List;
import java.util.Locale;

/** Minimal SVG charts for the reports: no dependency, readable in any browser. */
final class Svg {
  private Svg() {}

  /** One point with a vertical error bar. */
  record Point(double x, double y, double lo, double hi, boolean highlight) {}

  /** Estimated vs true with interval bars and the diagonal. */
  static String scatter(String title, String xLabel, String yLabel, List<Point> points) {
    double max = 1;
    for (Point p : points) {
      max = Math.max(max, Math.max(p.x(), Math.max(p.y(), p.hi())));
    }
    double min = 0;
    for (Point p : points) {
      min = Math.min(min, Math.min(p.x(), Math.min(p.y(), p.lo())));
    }
    int w = 640, h = 480, m = 60;
    double span = max - min;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>".formatted(w, h));
    sb.append("<rect width='100%' height='100%' fill='white'/>");
    sb.append("<text x='%d' y='20' font-size='14'>%s</text>".formatted(m, esc(title)));
    sb.append(line(m, h - m, w - m, h - m, "black")).append(line(m, h - m, m, m, "black"));
    sb.append(line(m, h - m, w - m, m, "#aaa"));
    for (int i = 0; i <= 4; i++) {
      double v = min + span * i / 4;
      double x = m + (w - 2.0 * m) * i / 4, y = h - m - (h - 2.0 * m) * i / 4;
      sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%.0f</text>", x, h - m + 16, v));
      sb.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.0f</text>", m - 4, y + 4, v));
    }
    sb.append("<text x='%d' y='%d' text-anchor='middle'>%s</text>".formatted(w / 2, h - 15, esc(xLabel)));
    sb.append("<text x='15' y='%d' transform='rotate(-90 15 %d)' text-anchor='middle'>%s</text>".formatted(h / 2, h / 2, esc(yLabel)));
    for (Point p : points) {
      double x = m + (p.x() - min) / span * (w - 2 * m);
      double y = h - m - (p.y() - min) / span * (h - 2 * m);
      double ylo = h - m - (p.lo() - min) / span * (h - 2 * m);
      double yhi = h - m - (p.hi() - min) / span * (h - 2 * m);
      String color = p.highlight() ? "#d62728" : "#1f77b4";
      sb.append(line(x, ylo, x, yhi, color + "80"));
      sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='2.5' fill='%s'/>", x, y, color));
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** A bar chart of counts per bin. */
  static String histogram(String title, String xLabel, double[] values, double binWidth) {
    int bins = 1;
    for (double v : values) {
      bins = Math.max(bins, (int) (v / binWidth) + 1);
    }
    int[] counts = new int[bins];
    for (double v : values) {
      counts[(int) (v / binWidth)]++;
    }
    int max = 1;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    int w = 640, h = 360, m = 50;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>".formatted(w, h));
    sb.append("<rect width='100%' height='100%' fill='white'/>");
    sb.append("<text x='%d' y='20' font-size='14'>%s</text>".formatted(m, esc(title)));
    double bw = (w - 2.0 * m) / bins;
    for (int i = 0; i < bins; i++) {
      double bh = (h - 2.0 * m) * counts[i] / max;
      sb.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#1f77b4'/>", m + i * bw, h - m - bh, Math.max(1, bw - 2), bh));
      if (bins <= 30 || i % 5 == 0) {
        sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%.0f</text>", m + i * bw, h - m + 14, i * binWidth));
      }
    }
    sb.append(line(m, h - m, w - m, h - m, "black"));
    sb.append("<text x='%d' y='%d' text-anchor='middle'>%s</text>".formatted(w / 2, h - 12, esc(xLabel)));
    sb.append("<text x='%d' y='%d' text-anchor='end'>%d</text>".formatted(m - 4, m + 4, max));
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s'/>", x1, y1, x2, y2, color);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
