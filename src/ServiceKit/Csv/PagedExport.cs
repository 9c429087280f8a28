using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.ServiceKit.Csv;

/// <summary>
/// Writes every row of a query to a response body, one line each, paging through by id so an export of a whole
/// table is never held in memory. CSV lines are built with <see cref="CsvCellEncoding"/> (ADR 041).
/// </summary>
public static class PagedExport
{
    public const int PageSize = 500;

    public static async Task WriteLinesAsync<T>(IQueryable<T> rows, string? header, Func<T, string> line, Stream body, CancellationToken ct)
        where T : Aggregate
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
        if (header is not null)
        {
            await writer.WriteLineAsync(header);
        }
        string? after = null;
        while (true)
        {
            var page = rows;
            if (after is not null)
            {
                var last = after;
                page = page.Where(r => string.Compare(r.Id, last) > 0);
            }
            var batch = await page.OrderBy(r => r.Id).Take(PageSize).AsNoTracking().ToListAsync(ct);
            foreach (var row in batch)
            {
                await writer.WriteLineAsync(line(row));
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

    /// <summary>One CSV line of cells, each guarded and quoted by <see cref="CsvCellEncoding.FormatCell"/>.</summary>
    public static string CsvLine(IEnumerable<string> cells) => string.Join(',', cells.Select(CsvCellEncoding.FormatCell));
}
