using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ModelRisk.Monitoring.Data;
using ModelRisk.Monitoring.Models.Points;

namespace ModelRisk.Monitoring.Features.Points;

/// <summary>What happened to one point of a batch.</summary>
public enum PointOutcome
{
    Inserted,

    /// <summary>The same point (key and value) is stored already: sending it again changes nothing.</summary>
    Duplicate,

    /// <summary>A point with the same key and another value is stored: refused, never overwritten.</summary>
    Conflict,
}

/// <summary>
/// Writes points in bulk with one prepared statement per provider inside the caller's transaction: an insert that
/// skips a key already stored, so a resent batch is idempotent. EF's change tracker would cost more than the insert
/// itself at the ingest rates a pipeline sends (ADR 090). A skipped point is then read back once to tell a duplicate
/// from a conflicting value.
/// </summary>
public sealed class PointWriter(MonitoringDbContext db)
{
    private const string Columns = "\"ModelId\", \"Metric\", \"SeriesId\", \"At\", \"Org\", \"Value\", \"Source\", \"IngestedAt\", \"Series\"";

    private const string SqliteInsert =
        $"INSERT INTO \"points\" ({Columns}) VALUES (@m, @k, @s, @a, @o, @v, @src, @i, @series) ON CONFLICT DO NOTHING";

    // The range lock makes the existence check and the insert one step under concurrent batches.
    private const string SqlServerInsert =
        "INSERT INTO [points] ([ModelId], [Metric], [SeriesId], [At], [Org], [Value], [Source], [IngestedAt], [Series]) "
        + "SELECT @m, @k, @s, @a, @o, @v, @src, @i, @series WHERE NOT EXISTS "
        + "(SELECT 1 FROM [points] WITH (UPDLOCK, HOLDLOCK) WHERE [ModelId] = @m AND [Metric] = @k AND [SeriesId] = @s AND [At] = @a)";

    private const string SelectValue =
        "SELECT \"Value\" FROM \"points\" WHERE \"ModelId\" = @m AND \"Metric\" = @k AND \"SeriesId\" = @s AND \"At\" = @a";

    /// <summary>Writes the points in the current transaction (the caller owns it) and says what happened to each.</summary>
    public async Task<PointOutcome[]> WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("PointWriter writes inside the caller's transaction, with the alert state it changes.");
        var connection = transaction.Connection!;
        var outcomes = new PointOutcome[points.Count];
        await using var insert = Command(connection, transaction, db.Database.IsSqlServer() ? SqlServerInsert : SqliteInsert, withValues: true);
        await insert.PrepareAsync(ct);
        List<int>? skipped = null;
        // A batch repeats few series: each one's id is hashed once.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string IdOf(string series)
        {
            if (!ids.TryGetValue(series, out var id))
            {
                ids[series] = id = SeriesLabels.IdOf(series);
            }
            return id;
        }
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            p.SeriesId = IdOf(p.Series);
            insert.Parameters[0].Value = p.ModelId;
            insert.Parameters[1].Value = p.Metric;
            insert.Parameters[2].Value = p.SeriesId;
            insert.Parameters[3].Value = p.At;
            insert.Parameters[4].Value = p.Org;
            insert.Parameters[5].Value = p.Value;
            insert.Parameters[6].Value = (int)p.Source;
            insert.Parameters[7].Value = p.IngestedAt;
            insert.Parameters[8].Value = p.Series;
            if (await insert.ExecuteNonQueryAsync(ct) == 1)
            {
                outcomes[i] = PointOutcome.Inserted;
            }
            else
            {
                (skipped ??= []).Add(i);
            }
        }
        if (skipped is not null)
        {
            await using var select = Command(connection, transaction, SelectValue, withValues: false);
            foreach (var i in skipped)
            {
                var p = points[i];
                select.Parameters[0].Value = p.ModelId;
                select.Parameters[1].Value = p.Metric;
                select.Parameters[2].Value = p.SeriesId;
                select.Parameters[3].Value = p.At;
                var stored = Convert.ToDouble(await select.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                outcomes[i] = stored.Equals(p.Value) ? PointOutcome.Duplicate : PointOutcome.Conflict;
            }
        }
        return outcomes;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, bool withValues)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "@m", DbType.String, 40);
        Add(command, "@k", DbType.String, 100);
        Add(command, "@s", DbType.AnsiString, SeriesLabels.IdLength);
        Add(command, "@a", DbType.Int64);
        if (withValues)
        {
            Add(command, "@o", DbType.String, 64);
            Add(command, "@v", DbType.Double);
            Add(command, "@src", DbType.Int32);
            Add(command, "@i", DbType.Int64);
            Add(command, "@series", DbType.String, SeriesLabels.MaxLength);
        }
        return command;
    }

    private static void Add(DbCommand command, string name, DbType type, int size = 0)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        if (size > 0)
        {
            parameter.Size = size;
        }
        command.Parameters.Add(parameter);
    }
}
