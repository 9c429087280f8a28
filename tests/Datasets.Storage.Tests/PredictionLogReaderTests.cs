using System.Text;
using ModelRisk.Datasets.Storage.PredictionLogs;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>The readers are the writer's inverse: what EncodePredictions and EncodeLabels write reads back cell for cell, and nothing else does.</summary>
public sealed class PredictionLogReaderTests
{
    [Fact]
    public void Predictions_read_back_as_written_quotes_commas_line_breaks_and_missing_cells_included()
    {
        PredictionRecord[] rows =
        [
            new("p,1", new DateTimeOffset(2026, 3, 2, 10, 11, 12, TimeSpan.FromHours(2)).AddTicks(1234567), 0.125, "a \"b\"", ["1.5", null, "line\nbreak"]),
            new("p2", new DateTimeOffset(2026, 3, 2, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), 1e-300, null, ["", "x", "\r\n"]),
        ];
        var bytes = PredictionLogFormat.EncodePredictions(["income", "region", "note"], rows);

        using var reader = new PredictionLogReader(new MemoryStream(bytes), "k");

        Assert.Equal(["income", "region", "note"], reader.FeatureNames);
        foreach (var row in rows)
        {
            Assert.True(reader.MoveNext());
            Assert.Equal(row.PredictionId, reader.PredictionId.ToString());
            Assert.Equal(row.Timestamp, reader.Timestamp);
            Assert.Equal(TimeSpan.Zero, reader.Timestamp.Offset);
            Assert.Equal(row.Score, reader.Score);
            Assert.Equal(row.Group ?? "", reader.Group.ToString());
            for (var f = 0; f < 3; f++)
            {
                Assert.Equal(row.Features[f] ?? "", reader.Feature(f).ToString());
            }
        }

        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void Labels_read_back_as_written()
    {
        LabelRecord[] labels = [new("a", 1, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)), new("b\"", 0, new DateTimeOffset(2026, 3, 3, 1, 2, 3, TimeSpan.FromHours(-5)))];

        using var reader = new LabelLogReader(new MemoryStream(PredictionLogFormat.EncodeLabels(labels)), "k");

        foreach (var label in labels)
        {
            Assert.True(reader.MoveNext());
            Assert.Equal(label.PredictionId, reader.PredictionId.ToString());
            Assert.Equal(label.Label, reader.Label);
            Assert.Equal(label.ObservedAt, reader.ObservedAt);
        }

        Assert.False(reader.MoveNext());
    }

    [Theory]
    [InlineData("", "k: the object is empty")]
    [InlineData("prediction_id,timestamp,score\n", "k: record 1: the header has 3 columns")]
    [InlineData("prediction_id,timestamp,score,group,label\n", "k: record 1: feature 'label' takes the name of one of the log's own columns")]
    [InlineData("prediction_id,timestamp,score,group,a,a\n", "k: record 1: feature 'a' appears twice")]
    [InlineData("prediction_id,timestamp,score,group,a\np1,2026-03-02T00:00:00Z,0.5,g,x\"y\n", "k: record 2: cell 5 has a quote inside an unquoted value")]
    [InlineData("prediction_id,timestamp,score,group,a\np1,2026-03-02T00:00:00Z,0.5,\"g\"h,1\n", "k: record 2: cell 4 has text after its closing quote")]
    [InlineData("prediction_id,timestamp,score,group,a\n,2026-03-02T00:00:00Z,0.5,g,1\n", "k: record 2: 'prediction_id' is empty")]
    [InlineData("prediction_id,timestamp,score,group,a\np1,2026-03-02T00:00:00Z,NaN,g,1\n", "k: record 2: 'score' 'NaN' is not a finite number")]
    [InlineData("prediction_id,timestamp,score,group,a\np1,2026-02-30T00:00:00.0000000Z,0.5,g,1\n", "k: record 2: 'timestamp' '2026-02-30T00:00:00.0000000Z' is not an ISO 8601 timestamp")]
    [InlineData("prediction_id,timestamp,score,group,a\n\np1,2026-03-02T00:00:00Z,0.5,g,1\n", "k: record 2: has 1 cells but the header names 5 columns")]
    public void Anything_the_writer_would_not_write_is_refused_with_the_record_and_the_reason(string content, string message)
    {
        var exception = Assert.Throws<PredictionLogException>(() =>
        {
            using var reader = new PredictionLogReader(new MemoryStream(Encoding.UTF8.GetBytes(content)), "k");
            while (reader.MoveNext())
            {
            }
        });

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("prediction_id,timestamp,score,group\np").Concat(new byte[] { 0xFF, 0xFE, 0x41 }).ToArray();

        var exception = Assert.Throws<PredictionLogException>(() =>
        {
            using var reader = new PredictionLogReader(new MemoryStream(bytes), "k");
            reader.MoveNext();
        });

        Assert.Contains("is not UTF-8 text", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prediction_id,label\n", "k: record 1: the header is not prediction_id,label,observed_at")]
    [InlineData("prediction_id,label,observed_at\np1,2,2026-03-02T00:00:00Z\n", "k: record 2: 'label' '2' is not 0 or 1")]
    [InlineData("prediction_id,label,observed_at\np1,1,soon\n", "k: record 2: 'observed_at' 'soon' is not an ISO 8601 timestamp")]
    public void A_label_object_the_writer_would_not_write_is_refused(string content, string message)
    {
        var exception = Assert.Throws<PredictionLogException>(() =>
        {
            using var reader = new LabelLogReader(new MemoryStream(Encoding.UTF8.GetBytes(content)), "k");
            while (reader.MoveNext())
            {
            }
        });

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }
}
