namespace ModelRisk.Validation.Engine.Classification;

public sealed class BinaryAccumulator
{
    public void Add(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels) => throw new NotSupportedException("in progress");

    public void Merge(BinaryAccumulator other) => throw new NotSupportedException("in progress");

    public BinaryReport ToReport(BinaryOptions options) => throw new NotSupportedException("in progress");

    public byte[] ToBytes() => throw new NotSupportedException("in progress");

    public static BinaryAccumulator FromBytes(ReadOnlySpan<byte> bytes) => throw new NotSupportedException("in progress");
}
