using System.Text.Json;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Csv;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>Writes models to a response as CSV (the shape of <see cref="ModelCsv"/>) or as JSON lines of <see cref="ModelResponse"/>.</summary>
internal static class ModelExportWriter
{
    public static Task WriteAsync(IQueryable<ModelRecord> models, bool csv, Stream body, JsonSerializerOptions json, CancellationToken ct) =>
        csv
            ? PagedExport.WriteLinesAsync(models, string.Join(',', ModelCsv.Columns), ModelCsv.FormatRow, body, ct)
            : PagedExport.WriteLinesAsync(models, null, m => JsonSerializer.Serialize(ModelResponse.From(m), json), body, ct);
}
