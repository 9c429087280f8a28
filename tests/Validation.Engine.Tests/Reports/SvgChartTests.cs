using System.Xml.Linq;
using ModelRisk.Validation.Engine.Reports;

namespace ModelRisk.Validation.Engine.Tests.Reports;

public sealed class SvgChartTests
{
    [Fact]
    public void A_curve_is_well_formed_svg_with_titles_axes_and_a_path()
    {
        var svg = SvgChart.Curve("ROC <test>", "False positive rate", "True positive rate", [(0, 0), (0.2, 0.7), (1, 1)], ((0, 0), (1, 1)), "AUC & more");

        var root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", root.Name);
        Assert.Equal("ROC <test>", root.Element(ns + "title")!.Value);
        var texts = root.Elements(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("False positive rate", texts);
        Assert.Contains("True positive rate", texts);
        Assert.Contains("0.5", texts);

        // Plot is 292 px wide from x=52 and 244 px high from y=30: (0.2, 0.7) lands at (110.4, 103.2).
        Assert.Contains(root.Elements(ns + "path"), p => p.Attribute("d")!.Value == "M52,274 L110.4,103.2 L344,30");
    }

    [Fact]
    public void A_curve_without_points_says_so()
    {
        var svg = SvgChart.Curve("PR", "Recall", "Precision", [], null, null);

        Assert.Contains("no curve: metric undefined", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Reliability_draws_one_dot_per_non_empty_bin()
    {
        var svg = SvgChart.Reliability([new ReliabilityBin(0, 0.5, 10, 0.2, 0.25), new ReliabilityBin(0.5, 1, 0, 0, 0), new ReliabilityBin(0.5, 1, 30, 0.8, 0.7)]);

        var root = XElement.Parse(svg);
        Assert.Equal(2, root.Elements(XName.Get("circle", "http://www.w3.org/2000/svg")).Count());
    }
}
