using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;

// Metric point ingest (issue 10's measure, ADR 090), driven by tests/Benchmarks/monitoring-ingest.sh, which starts
// the Monitoring service and the gateway as real processes. Three commands:
//   register --db FILE --model ID --org ORG       the model row in Monitoring's read model (what ModelRegistered writes)
//   push --url GATEWAY --token JWT --model ID --run R [--batches 200] [--batch 1000] [--clients 4] [--metric NAME] [--series 10]
//        POST /api/monitoring/points in batches from concurrent clients; prints "points seconds points/s"
//   peer --schema-from FILE --db FILE --run R [--batches 200] [--batch 1000] [--metric NAME] [--series 10]
//        the same rows with a plain prepared INSERT into a new file with the same points table, one transaction per
//        batch; prints "rows seconds rows/s cpu-µs/row"
// Every run R writes new keys (its own timestamps), so no point of a run is a resend of an earlier one.
var command = args.FirstOrDefault() ?? "";
var batches = Option("--batches", 200);
var batchSize = Option("--batch", 1000);
var clients = Option("--clients", 4);
var seriesCount = Option("--series", 10);
var run = Option("--run", 1);
var metric = Text("--metric") ?? "toxicity_rate";

switch (command)
{
    case "register":
        await RegisterAsync(Required("--db"), Required("--model"), Text("--org") ?? "acme-lending");
        return 0;
    case "push":
        return await PushAsync(Required("--url"), Required("--token"), Required("--model"));
    case "peer":
        await PeerAsync(Required("--schema-from"), Required("--db"), Text("--model") ?? "bench-model", Text("--org") ?? "acme-lending");
        return 0;
    default:
        Console.Error.WriteLine("usage: MonitoringIngest.Benchmarks register|push|peer [options] (see tests/Benchmarks/monitoring-ingest.sh)");
        return 2;
}

async Task RegisterAsync(string db, string model, string org)
{
    await using var connection = new SqliteConnection($"Data Source={db}");
    await connection.OpenAsync();
    await using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO \"models\" (\"ModelId\", \"Org\", \"Key\", \"Name\", \"Owner\", \"RiskTier\", \"Lifecycle\", \"UpdatedAt\", \"TierAt\", \"LifecycleAt\") "
        + "VALUES (@m, @o, 'bench-model', 'Bench model', 'bench', 'High', 'InProduction', @u, @u, @u)";
    insert.Parameters.AddWithValue("@m", model);
    insert.Parameters.AddWithValue("@o", org);
    insert.Parameters.AddWithValue("@u", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
    await insert.ExecuteNonQueryAsync();
}

async Task<int> PushAsync(string url, string token, string model)
{
    // Bodies are serialized before the clock starts: the client's JSON writing would otherwise share the two cores
    // with the service and the gateway and count against them.
    var bodies = new byte[batches][];
    for (var b = 0; b < batches; b++)
    {
        bodies[b] = Encoding.UTF8.GetBytes(BatchJson(model, b));
    }
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromMinutes(2),
    };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var next = -1;
    var accepted = 0L;
    var failures = new List<string>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int b;
        while ((b = Interlocked.Increment(ref next)) < batches)
        {
            using var content = new ByteArrayContent(bodies[b]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/api/monitoring/points", content);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !text.Contains($"\"accepted\":{batchSize},", StringComparison.Ordinal))
            {
                lock (failures)
                {
                    failures.Add($"batch {b}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 400)]}");
                }
                return;
            }
            Interlocked.Add(ref accepted, batchSize);
        }
    }));
    clock.Stop();
    if (failures.Count > 0)
    {
        Console.Error.WriteLine(string.Join(Environment.NewLine, failures));
        return 1;
    }
    Console.WriteLine(FormattableString.Invariant($"{accepted} {clock.Elapsed.TotalSeconds:F3} {accepted / clock.Elapsed.TotalSeconds:F0}"));
    return 0;
}

async Task PeerAsync(string schemaFrom, string db, string model, string org)
{
    string ddl;
    await using (var source = new SqliteConnection($"Data Source={schemaFrom};Mode=ReadOnly"))
    {
        await source.OpenAsync();
        await using var schema = source.CreateCommand();
        schema.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = 'points' AND sql IS NOT NULL";
        await using var reader = await schema.ExecuteReaderAsync();
        var statements = new List<string>();
        while (await reader.ReadAsync())
        {
            statements.Add(reader.GetString(0));
        }
        ddl = string.Join(";\n", statements);
    }
    await using var connection = new SqliteConnection($"Data Source={db}");
    await connection.OpenAsync();
    await using (var setup = connection.CreateCommand())
    {
        // The service's connection settings (ServiceKit's SqliteConcurrency): write-ahead logging, a busy timeout.
        setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;";
        await setup.ExecuteNonQueryAsync();
        setup.CommandText = $"SELECT count(*) FROM sqlite_master WHERE name = 'points'";
        if (Convert.ToInt64(await setup.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
        {
            setup.CommandText = ddl;
            await setup.ExecuteNonQueryAsync();
        }
    }
    // The series' key digests (the service's SeriesLabels.IdOf) are data to the peer, made before its clock starts.
    var rows = new List<(string Series, string SeriesId, long At, double Value)[]>(batches);
    var seriesIds = new Dictionary<string, string>(StringComparer.Ordinal);
    string IdOf(string series) => seriesIds.TryGetValue(series, out var id) ? id
        : seriesIds[series] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(series)).AsSpan(0, 16));
    for (var b = 0; b < batches; b++)
    {
        rows.Add([.. Enumerable.Range(0, batchSize).Select(i => Point(b, i)).Select(p => Series(p.Client, p.Segment))
            .Zip(Enumerable.Range(0, batchSize).Select(i => Point(b, i)), (series, p) => (series, IdOf(series), p.At.ToUnixTimeMilliseconds(), p.Value))]);
    }
    var ingestedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO \"points\" (\"ModelId\", \"Metric\", \"SeriesId\", \"At\", \"Org\", \"Value\", \"Source\", \"IngestedAt\", \"Series\") "
        + "VALUES (@m, @k, @sid, @a, @o, @v, @src, @i, @s)";
    var m = insert.Parameters.Add("@m", SqliteType.Text);
    var k = insert.Parameters.Add("@k", SqliteType.Text);
    var s = insert.Parameters.Add("@s", SqliteType.Text);
    var sid = insert.Parameters.Add("@sid", SqliteType.Text);
    var a = insert.Parameters.Add("@a", SqliteType.Integer);
    var o = insert.Parameters.Add("@o", SqliteType.Text);
    var v = insert.Parameters.Add("@v", SqliteType.Real);
    var src = insert.Parameters.Add("@src", SqliteType.Integer);
    var i = insert.Parameters.Add("@i", SqliteType.Integer);
    foreach (var batch in rows)
    {
        await using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        insert.Prepare();
        foreach (var row in batch)
        {
            m.Value = model;
            k.Value = metric;
            s.Value = row.Series;
            sid.Value = row.SeriesId;
            a.Value = row.At;
            o.Value = org;
            v.Value = row.Value;
            src.Value = 0;
            i.Value = ingestedAt;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
    clock.Stop();
    var total = (long)batches * batchSize;
    // CPU time per row beside the rate: on a shared machine it barely moves when other work takes the cores.
    var cpuPerRow = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / total;
    Console.WriteLine(FormattableString.Invariant($"{total} {clock.Elapsed.TotalSeconds:F3} {total / clock.Elapsed.TotalSeconds:F0} {cpuPerRow:F2}"));
}

// Point i of batch b of this run: batch b belongs to client b % clients' pipeline (label pipeline), its points spread
// over `series` segments; every (series, instant) is new to this run. Values stay under the warning threshold the
// script's plan sets, so every point goes through the alert engine's tracker without firing an alert.
(int Client, int Segment, DateTimeOffset At, double Value) Point(int b, int i)
{
    var client = b % clients;
    var segment = i % seriesCount;
    // One millisecond per point from a base that moves by a day per run: distinct keys across batches and runs.
    var ordinal = ((long)(b / clients) * batchSize) + i;
    var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(run).AddMilliseconds(ordinal);
    return (client, segment, at, 0.001 + (0.01 * ((ordinal * 7919) % 1000) / 1000.0));
}

string Series(int client, int segment) => $"pipeline=p{client},segment=s{segment}";

string BatchJson(string model, int b)
{
    var json = new StringBuilder(batchSize * 140);
    json.Append("{\"modelId\":\"").Append(model).Append("\",\"points\":[");
    for (var i = 0; i < batchSize; i++)
    {
        var p = Point(b, i);
        json.Append(i == 0 ? "" : ",")
            .Append("{\"metric\":\"").Append(metric)
            .Append("\",\"value\":").Append(p.Value.ToString("R", CultureInfo.InvariantCulture))
            .Append(",\"timestamp\":\"").Append(p.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append("\",\"labels\":{\"pipeline\":\"p").Append(p.Client).Append("\",\"segment\":\"s").Append(p.Segment).Append("\"}}");
    }
    return json.Append("]}").ToString();
}

int Option(string name, int fallback)
{
    var text = Text(name);
    return text is null ? fallback : int.Parse(text, CultureInfo.InvariantCulture);
}

string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

string Required(string name) => Text(name) ?? throw new ArgumentException($"{name} is required.");
