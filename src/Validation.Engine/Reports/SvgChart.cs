using System.Globalization;
using System.Text;

namespace ModelRisk.Validation.Engine.Reports;

/// <summary>
/// Small self-contained SVG charts on the unit square, so a report needs no script or external asset
/// to show its curves.
/// </summary>
public static class SvgChart
{
    private const int Width = 360;
    private const int Height = 320;
    private const int Left = 52;
    private const int Right = 16;
    private const int Top = 30;
    private const int Bottom = 46;
    private const int PlotWidth = Width - Left - Right;
    private const int PlotHeight = Height - Top - Bottom;

    /// <param name="reference">A dashed reference line (the diagonal for ROC and reliability, the base rate for PR).</param>
    public static string Curve(string title, string xLabel, string yLabel, IEnumerable<(double X, double Y)> points, ((double X, double Y) From, (double X, double Y) To)? reference, string? caption)
    {
        var svg = Start(title, xLabel, yLabel);
        if (reference is { } line)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(line.From.X)}\" y1=\"{Y(line.From.Y)}\" x2=\"{X(line.To.X)}\" y2=\"{Y(line.To.Y)}\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>");
        }

        var path = new StringBuilder();
        foreach (var (x, y) in points)
        {
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                path.Append(path.Length == 0 ? 'M' : 'L').Append(Fmt(X(x))).Append(',').Append(Fmt(Y(y))).Append(' ');
            }
        }

        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (PlotWidth / 2)}\" y=\"{Top + (PlotHeight / 2)}\" text-anchor=\"middle\" fill=\"#a00\">no curve: metric undefined</text>");
        }

        return End(svg, caption);
    }

    /// <summary>Mean label against mean score per bin; each dot's area follows the bin's share of rows.</summary>
    public static string Reliability(IReadOnlyList<ReliabilityBin> bins)
    {
        var svg = Start("Reliability diagram", "Mean predicted score", "Observed positive rate");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>");
        var total = Math.Max(1, bins.Sum(b => b.Count));
        var path = new StringBuilder();
        foreach (var bin in bins.Where(b => b.Count > 0 && double.IsFinite(b.MeanScore) && double.IsFinite(b.MeanLabel)))
        {
            var width = Math.Max(1, X(bin.Upper) - X(bin.Lower) - 1);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Fmt(X(bin.Lower) + 0.5)}\" y=\"{Fmt(Y(bin.MeanLabel))}\" width=\"{Fmt(width)}\" height=\"{Fmt(Y(0) - Y(bin.MeanLabel))}\" fill=\"#1f5fa8\" fill-opacity=\"0.15\"/>");
            var radius = 2 + (6 * Math.Sqrt((double)bin.Count / total));
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Fmt(X(bin.MeanScore))}\" cy=\"{Fmt(Y(bin.MeanLabel))}\" r=\"{Fmt(radius)}\" fill=\"#1f5fa8\"><title>{Escape($"{bin.Lower:0.##}–{bin.Upper:0.##}: {bin.Count} rows, mean score {bin.MeanScore:0.###}, positive rate {bin.MeanLabel:0.###}")}</title></circle>");
            path.Append(path.Length == 0 ? 'M' : 'L').Append(Fmt(X(bin.MeanScore))).Append(',').Append(Fmt(Y(bin.MeanLabel))).Append(' ');
        }

        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\"/>");
        }

        return End(svg, "Bars: positive rate per score bin; dashed: perfect calibration");
    }

    private static StringBuilder Start(string title, string xLabel, string yLabel)
    {
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{Escape(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title><rect width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Escape(title)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var t = i / 4.0;
            var tick = t.ToString("0.##", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Fmt(X(t))}\" y1=\"{Y(0)}\" x2=\"{Fmt(X(t))}\" y2=\"{Y(1)}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Fmt(Y(t))}\" x2=\"{X(1)}\" y2=\"{Fmt(Y(t))}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Fmt(X(t))}\" y=\"{Y(0) + 15}\" text-anchor=\"middle\">{tick}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(0) - 6}\" y=\"{Fmt(Y(t) + 4)}\" text-anchor=\"end\">{tick}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (PlotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + (PlotHeight / 2)})\">{Escape(yLabel)}</text>");
        return svg;
    }

    private static string End(StringBuilder svg, string? caption)
    {
        if (caption is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<desc>{Escape(caption)}</desc>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static double X(double x) => Left + (Math.Clamp(x, 0, 1) * PlotWidth);

    private static double Y(double y) => Top + PlotHeight - (Math.Clamp(y, 0, 1) * PlotHeight);

    private static string Fmt(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    internal static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
