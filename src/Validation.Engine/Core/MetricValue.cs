namespace ModelRisk.Validation.Engine;

/// <summary>A metric that is either a finite number or undefined with a reason; never NaN.</summary>
public readonly record struct MetricValue(double? Value, string? UndefinedReason)
{
    public bool IsDefined => Value is not null;

    public static MetricValue Of(double v) =>
        double.IsFinite(v) ? new MetricValue(v, null) : new MetricValue(null, "not finite");

    public static MetricValue Undefined(string reason) => new(null, reason);

    public override string ToString() => Value is { } v ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : $"undefined ({UndefinedReason})";
}

public readonly record struct Interval(double Low, double High);

public readonly record struct CurvePoint(double X, double Y, double Threshold);

public readonly record struct ReliabilityBin(double Lower, double Upper, long Count, double MeanScore, double MeanLabel);
