using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>Writes models to a response as CSV (the shape of <see cref="ModelCsv"/>) or as JSON lines of <see cref="ModelResponse"/>.</summary>
internal static class ModelExportWriter
{
    private const int PageSize = 500;

    public static async Task WriteAsync(IQueryable<ModelRecord> models, bool csv, Stream body, JsonSerializerOptions json, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
        if (csv)
        {
            await writer.WriteLineAsync(string.Join(',', ModelCsv.Columns));
        }
        // Page through by id so an export of the whole inventory never holds it all in memory.
        string? after = null;
        while (true)
        {
            var page = models;
            if (after is not null)
            {
                var last = after;
                page = page.Where(m => string.Compare(m.Id, last) > 0);
            }
            var batch = await page.OrderBy(m => m.Id).Take(PageSize).ToListAsync(ct);
            foreach (var model in batch)
            {
                await writer.WriteLineAsync(csv ? ModelCsv.FormatRow(model) : JsonSerializer.Serialize(ModelResponse.From(model), json));
            }
            if (batch.Count < PageSize)
            {
                break;
            }
            after = batch[^1].Id;
            await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }
}
