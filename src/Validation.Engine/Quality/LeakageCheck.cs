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
        // A key named twice identifies rows no differently from once.
        IReadOnlyList<string> columns = [.. keys.Distinct(StringComparer.Ordinal)];
        if (fullRow)
        {
            var evaluationColumns = TableReader.ReadColumnNames(evaluationPath);
            var trainColumns = TableReader.ReadColumnNames(trainPath);
            // A name either file holds twice cannot be matched column to column, so the full-row key leaves it out.
            var ambiguous = TableReader.Duplicates(evaluationColumns).Concat(TableReader.Duplicates(trainColumns)).ToHashSet(StringComparer.Ordinal);
            columns = [.. trainColumns.Where(c => evaluationColumns.Contains(c) && !excluded.Contains(c) && !ambiguous.Contains(c)).Distinct(StringComparer.Ordinal)];
            if (columns.Count == 0)
            {
                throw new InputException($"{Path.GetFileName(trainPath)}: shares no columns with {Path.GetFileName(evaluationPath)}, so rows cannot be compared");
            }
        }

        var specs = columns.Select(c => new ColumnSpec(c, ColumnKind.Categorical)).ToArray();
        var dictionaries = columns.ToDictionary(c => c, _ => new CategoryDictionary(), StringComparer.Ordinal);
        var trainKeys = new HashSet<ulong>();
        var trainRows = ForEachRowKey(trainPath, specs, dictionaries, chunkRows, key => trainKeys.Add(key));

        long leaked = 0;
        var evaluationRows = ForEachRowKey(evaluationPath, specs, dictionaries, chunkRows, key =>
        {
            if (trainKeys.Contains(key))
            {
                leaked++;
            }
        });

        return new LeakageReport(
            Path.GetFileName(trainPath),
            trainRows,
            columns,
            fullRow,
            leaked,
            evaluationRows == 0 ? 0 : (double)leaked / evaluationRows);
    }

    /// <returns>The rows read.</returns>
    private static long ForEachRowKey(
        string path,
        ColumnSpec[] specs,
        IReadOnlyDictionary<string, CategoryDictionary> dictionaries,
        int chunkRows,
        Action<ulong> onKey)
    {
        using var reader = TableReader.Open(path, specs, dictionaries);
        var chunk = new TableChunk(specs, TableReader.ChunkRows(reader, chunkRows));
        var keys = new ulong[chunk.Capacity];
        while (reader.ReadChunk(chunk))
        {
            // Keys are built a column at a time, so each column's codes are walked as one span.
            // Codes are dense small integers, so mixing them with a 64-bit multiplier keeps collisions negligible.
            var rowKeys = keys.AsSpan(0, chunk.Rows);
            rowKeys.Fill(0xcbf29ce484222325UL);
            for (var c = 0; c < specs.Length; c++)
            {
                var codes = chunk.Codes(c);
                for (var i = 0; i < rowKeys.Length; i++)
                {
                    var key = (rowKeys[i] ^ (uint)codes[i]) * 0x100000001b3UL;
                    rowKeys[i] = key ^ (key >> 29);
                }
            }

            foreach (var key in rowKeys)
            {
                onKey(key);
            }
        }

        return reader.RowsRead;
    }
}
