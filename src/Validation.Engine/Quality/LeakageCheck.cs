using ModelRisk.Validation.Engine.Data;

namespace ModelRisk.Validation.Engine.Quality;

/// <summary>
/// Evaluation rows that also occur in the training data. Both files are read through shared category
/// dictionaries, so a key value gets the same code in each and a row is compared by its codes.
/// </summary>
public static class LeakageCheck
{
    /// <param name="keys">Columns identifying a row; empty to compare every column the two files share except <paramref name="excluded"/>.</param>
    public static LeakageReport Run(string evaluationPath, string trainPath, IReadOnlyList<string> keys, IReadOnlyCollection<string> excluded, int chunkRows)
    {
        var fullRow = keys.Count == 0;
        var columns = keys;
        if (fullRow)
        {
            var evaluationColumns = TableReader.ReadColumnNames(evaluationPath);
            var trainColumns = TableReader.ReadColumnNames(trainPath);
            columns = [.. trainColumns.Where(c => evaluationColumns.Contains(c) && !excluded.Contains(c))];
            if (columns.Count == 0)
            {
                throw new InputException($"{Path.GetFileName(trainPath)}: shares no columns with {Path.GetFileName(evaluationPath)}, so rows cannot be compared");
            }
        }

        var specs = columns.Select(c => new ColumnSpec(c, ColumnKind.Categorical)).ToArray();
        var dictionaries = columns.ToDictionary(c => c, _ => new CategoryDictionary(), StringComparer.Ordinal);
        var trainKeys = new HashSet<ulong>();
        long trainRows = 0;
        ForEachRowKey(trainPath, specs, dictionaries, chunkRows, key => trainKeys.Add(key), ref trainRows);

        long leaked = 0;
        long evaluationRows = 0;
        ForEachRowKey(evaluationPath, specs, dictionaries, chunkRows, key =>
        {
            if (trainKeys.Contains(key))
            {
                leaked++;
            }
        }, ref evaluationRows);

        return new LeakageReport(
            Path.GetFileName(trainPath),
            trainRows,
            columns,
            fullRow,
            leaked,
            evaluationRows == 0 ? 0 : (double)leaked / evaluationRows);
    }

    private static void ForEachRowKey(
        string path,
        ColumnSpec[] specs,
        IReadOnlyDictionary<string, CategoryDictionary> dictionaries,
        int chunkRows,
        Action<ulong> onKey,
        ref long rows)
    {
        using var reader = TableReader.Open(path, specs, dictionaries);
        var chunk = new TableChunk(specs, TableReader.ChunkRows(reader, chunkRows));
        while (reader.ReadChunk(chunk))
        {
            for (var i = 0; i < chunk.Rows; i++)
            {
                // Codes are dense small integers, so mixing them with a 64-bit multiplier keeps collisions negligible.
                var key = 0xcbf29ce484222325UL;
                for (var c = 0; c < specs.Length; c++)
                {
                    key = (key ^ (uint)chunk.Codes(c)[i]) * 0x100000001b3UL;
                    key ^= key >> 29;
                }

                onKey(key);
            }

            rows += chunk.Rows;
        }
    }
}
