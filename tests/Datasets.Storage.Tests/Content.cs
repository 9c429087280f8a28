using System.Security.Cryptography;
using System.Text;

namespace ModelRisk.Datasets.Storage.Tests;

/// <summary>Datasets made up for the tests.</summary>
public static class Content
{
    public static byte[] Csv(int rows, string header = "id,score,label")
    {
        var text = new StringBuilder(header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            text.Append(i).Append(',').Append((i * 0.37 % 1).ToString("F4", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(i % 2).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A CSV of about <paramref name="bytes"/> bytes.</summary>
    public static byte[] CsvOfSize(int bytes)
    {
        var rows = Math.Max(1, bytes / 16);
        return Csv(rows);
    }

    /// <summary>Bytes framed as Parquet is (PAR1 ... PAR1); the stores recognise the format, they do not parse it.</summary>
    public static byte[] ParquetShaped(int bodyBytes)
    {
        var body = new byte[bodyBytes];
        new Random(7).NextBytes(body);
        return [.. "PAR1"u8, .. body, 0, 0, 0, 0, .. "PAR1"u8];
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
