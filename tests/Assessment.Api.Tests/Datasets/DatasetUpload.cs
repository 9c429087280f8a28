using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ModelRisk.Assessment.Features.Datasets;

namespace ModelRisk.Assessment.Tests.Datasets;

/// <summary>Datasets made up for the API tests, and the requests that upload them.</summary>
public static class DatasetUpload
{
    public const string Base = DatasetEndpoints.BasePath;

    public static byte[] Csv(string header = "id,score,label", int rows = 50)
    {
        var text = new StringBuilder(header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            text.Append(i).Append(",0.").Append(i % 10).Append(',').Append(i % 2).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Bytes framed as Parquet is: the service recognises the format, it does not parse the file.</summary>
    public static byte[] ParquetShaped() => [.. "PAR1"u8, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 7)), 0x2C, 0x01, 0x00, 0x00, .. "PAR1"u8];

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static HttpContent Body(byte[] bytes, string contentType = DatasetEndpoints.CsvType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static string Path(string org, string name = "holdout 2026-q1") =>
        $"{Base}?org={Uri.EscapeDataString(org)}&name={Uri.EscapeDataString(name)}";
}
