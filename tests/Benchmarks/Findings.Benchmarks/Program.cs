using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelRisk.Findings.Data;
using ModelRisk.Findings.Features.Sla;
using ModelRisk.Findings.Models.Findings;
using ModelRisk.Findings.Models.Sla;
using ModelRisk.ServiceKit.Data;

// The SLA sweep over many open findings on SQLite (ADR 083): the query plan of the sweep's query with and without
// the next_sweep_at index, the query's time, and a full sweep round over the due findings.
// Usage: Findings.Benchmarks [--open 1000000] [--due 1000] [--db /tmp/findings-bench.db]
var open = Option("--open", 1_000_000);
var due = Option("--due", 1_000);
var path = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "findings-bench.db");
var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
{
    File.Delete(file);
}
var options = new DbContextOptionsBuilder<SqliteFindingsDbContext>().UseSqlite($"Data Source={path}").AddInterceptors(new SqliteConcurrency()).Options;
await using (var db = new SqliteFindingsDbContext(options))
{
    await db.Database.MigrateAsync();
    // One real finding as the template of every generated row, so each row is what the service writes.
    var template = Finding.Open(new FindingOpening("acme-lending", "model-1", null, null, FindingSource.ValidationTest, "template", "Calibration test failed",
        "ECE above threshold", FindingSeverity.High, "Tier threshold", "olivia.owner", ["Re-run"]), SlaTerms.Default, "bench", now.AddDays(-40));
    db.Findings.Add(template);
    await db.SaveChangesAsync();
    await db.Database.OpenConnectionAsync();
    var columns = new List<string>();
    await using (var pragma = db.Database.GetDbConnection().CreateCommand())
    {
        pragma.CommandText = "SELECT name FROM pragma_table_info('findings')";
        await using var reader = await pragma.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
    }
    // Due rows: next_sweep_at in the past; the others spread over the coming year (open, not yet due).
    var generated = new Dictionary<string, string>
    {
        ["Id"] = "printf('%032d', i)",
        ["SourceKey"] = "'bench/' || i",
        ["NextSweepAt"] = $"CASE WHEN i <= {due} THEN datetime('{Sql(now.AddDays(-1))}', '-' || (i % 600) || ' minutes') ELSE datetime('{Sql(now)}', '+' || (1 + i % 365) || ' days', '+' || (i % 1440) || ' minutes') END",
        ["DueAt"] = $"CASE WHEN i <= {due} THEN datetime('{Sql(now.AddDays(-1))}', '-' || (i % 600) || ' minutes') ELSE datetime('{Sql(now)}', '+' || (1 + i % 365) || ' days', '+' || (i % 1440) || ' minutes') END",
    };
    var select = string.Join(", ", columns.Select(c => generated.TryGetValue(c, out var expression) ? expression : $"t.\"{c}\""));
    var insert = Stopwatch.StartNew();
    await ExecuteAsync(db,
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {open}) "
        + $"INSERT INTO findings ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {select} FROM n, (SELECT * FROM findings WHERE \"Id\" = '{template.Id}') t");
    await ExecuteAsync(db, $"DELETE FROM findings WHERE \"Id\" = '{template.Id}'; ANALYZE;");
    Console.WriteLine($"generated {open:N0} open findings ({due:N0} due) in {insert.Elapsed.TotalSeconds:F1} s; file {new FileInfo(path).Length / 1024 / 1024} MB");
}

await using (var db = new SqliteFindingsDbContext(options))
{
    var query = db.Findings.AsNoTracking().Where(f => f.NextSweepAt != null && f.NextSweepAt <= now).OrderBy(f => f.NextSweepAt).Take(200).Select(f => f.Id);
    var sql = query.ToQueryString();
    Console.WriteLine("\nthe sweep's query (as EF writes it):\n" + sql);
    await ReportAsync(db, sql, "with ix_findings_next_sweep_at");
    await ExecuteAsync(db, "DROP INDEX \"IX_findings_NextSweepAt\"");
    await ReportAsync(db, sql, "without the index");
    await ExecuteAsync(db, "CREATE INDEX \"IX_findings_NextSweepAt\" ON findings (\"NextSweepAt\")");
}

await using (var db = new SqliteFindingsDbContext(options))
{
    var sweep = new SlaSweep(db, new FakeTimeProvider(now), Options.Create(new SweepOptions()), NullLogger<SlaSweep>.Instance);
    var watch = Stopwatch.StartNew();
    var result = await sweep.RunAsync(CancellationToken.None);
    Console.WriteLine($"\nsweep round over {open:N0} open findings: {result.FindingsSwept:N0} swept, {result.Escalations:N0} escalations in "
        + $"{watch.Elapsed.TotalSeconds:F2} s ({result.FindingsSwept / watch.Elapsed.TotalSeconds:F0} findings/s, each its own guarded save)");
    watch.Restart();
    var again = await sweep.RunAsync(CancellationToken.None);
    Console.WriteLine($"the next round, nothing due: {again.FindingsSwept} swept in {watch.Elapsed.TotalMilliseconds:F1} ms");
}

static async Task ReportAsync(FindingsDbContext db, string sql, string label)
{
    var connection = (SqliteConnection)db.Database.GetDbConnection();
    await connection.OpenAsync();
    // EF writes SQLite parameters as ".param set @name value" lines above the statement.
    var parameters = Regex.Matches(sql, @"^\.param set (@\w+) (.+)$", RegexOptions.Multiline)
        .Select(m => (m.Groups[1].Value, Value: m.Groups[2].Value.Trim()))
        .Select(p => (p.Item1, p.Value.StartsWith('\'') ? (object)p.Value.Trim('\'') : long.Parse(p.Value, CultureInfo.InvariantCulture))).ToList();
    var text = string.Join('\n', sql.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
    SqliteCommand Command(string prefix)
    {
        var command = connection.CreateCommand();
        command.CommandText = prefix + text;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
    Console.WriteLine($"\nEXPLAIN QUERY PLAN, {label}:");
    await using (var plan = Command("EXPLAIN QUERY PLAN "))
    await using (var reader = await plan.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            Console.WriteLine("  " + reader.GetString(3));
        }
    }
    var times = new List<double>();
    for (var run = 0; run < 11; run++)
    {
        await using var command = Command("");
        var watch = Stopwatch.StartNew();
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
            }
        }
        times.Add(watch.Elapsed.TotalMilliseconds);
        if (run == 0)
        {
            Console.WriteLine($"  {rows} ids per batch");
        }
    }
    times.Sort();
    Console.WriteLine($"  median {times[times.Count / 2]:F2} ms, min {times[0]:F2} ms over {times.Count} runs");
}

// The benchmark's own generated SQL (no outside input), run as plain commands.
static async Task ExecuteAsync(FindingsDbContext db, string sql)
{
    var connection = db.Database.GetDbConnection();
    if (connection.State != System.Data.ConnectionState.Open)
    {
        await connection.OpenAsync();
    }
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    await command.ExecuteNonQueryAsync();
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static string Sql(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
