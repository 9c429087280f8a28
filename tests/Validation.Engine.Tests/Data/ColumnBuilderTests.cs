using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.Validation.Engine.Tests.Data;

public sealed class ColumnBuilderTests
{
    [Fact]
    public void Appending_past_the_estimate_keeps_every_value_in_order()
    {
        var builder = new ColumnBuilder<int>(expectedRows: 3);

        for (var start = 0; start < 100; start += 7)
        {
            builder.Append(Enumerable.Range(start, Math.Min(7, 100 - start)).ToArray());
        }

        Assert.Equal(Enumerable.Range(0, 100), builder.Values.ToArray());
    }

    [Fact]
    public void A_new_estimate_is_used_when_the_column_next_grows()
    {
        var builder = new ColumnBuilder<double>(expectedRows: 2);
        builder.Append([1, 2]);

        builder.Expect(1000);
        builder.Append([3]);
        builder.Append(new double[996]);

        Assert.Equal([1.0, 2, 3], builder.Values[..3].ToArray());
        Assert.Equal(999, builder.Count);
    }
}
