using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using ModelRisk.Contracts;
using ModelRisk.Contracts.Validation.V1;
using ModelRisk.Datasets.Storage;
using ModelRisk.Validation.Engine.Plans;
using ModelRisk.TestSupport;

namespace ModelRisk.ValidationWorker.Tests;

/// <summary>
/// SIGTERM on a real worker process with a job under way (ADR 065): within the drain timeout the job completes, its
/// result is published and its message acknowledged, and the process exits with 0; a job that outlives the drain
/// timeout is released unacknowledged, the process still exits with 0, and the broker redelivers the job to another
/// worker, which completes it. Only outcomes and their order are asserted, never how fast anything ran.
/// </summary>
public sealed class DrainTests(DrainTests.Broker broker) : IClassFixture<DrainTests.Broker>
{
    // On Kubernetes the pod's grace period is the drain timeout plus 5 s; a loaded test machine gets more room to exit.
    private static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_job_running_at_SIGTERM_completes_within_the_drain_timeout_and_the_worker_exits_with_0()
    {
        var drain = TimeSpan.FromMinutes(2);
        await using var worker = WorkerProcess.Start("drain-a", broker.WorkerUri, broker.StoreRoot, broker.Scratch, drain);
        await broker.WaitForConsumersAsync(1);

        var runId = "drain-completes-" + Guid.NewGuid().ToString("N")[..8];
        await broker.Bus.Publish(new PlanValidationRun(runId, "acme", broker.Spec, DateTimeOffset.UtcNow));
        await Wait.UntilAsync(async () => await worker.JobsInFlightAsync() == 1 || broker.Outcome(runId) is not null, "the worker starts the job", TimeSpan.FromMinutes(1));
        Assert.True(broker.Outcome(runId) is null, $"The job finished before SIGTERM could be sent; the dataset is too small to test draining.\n{worker.Output}");

        broker.MarkTerminated(runId);
        worker.Terminate();

        Assert.True(await worker.WaitForExitAsync(drain + ExitMargin), $"The worker did not exit after SIGTERM.\n{worker.Output}");
        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}\n{worker.Output}");
        await Wait.UntilAsync(() => broker.Outcome(runId) is not null, $"the result arrives (the worker said:\n{worker.Output}\n)");
        var outcome = broker.Outcome(runId)!;
        Assert.True(outcome.Fault is null, outcome.Fault);
        Assert.Equal("drain-a", outcome.Worker);
        Assert.Equal(Broker.Rows, outcome.Rows);
        Assert.True(outcome.AfterTermination, "the result was published before SIGTERM");
        // Acknowledged: nothing is left on the queue once its only consumer is gone.
        Assert.Empty(await broker.PeekJobsAsync());
    }

    [Fact]
    public async Task A_job_outliving_the_drain_timeout_is_released_and_redelivered_to_another_worker_and_the_worker_exits_with_0()
    {
        var drain = TimeSpan.FromMilliseconds(200);
        var runId = "drain-released-" + Guid.NewGuid().ToString("N")[..8];
        await using (var first = WorkerProcess.Start("drain-first", broker.WorkerUri, broker.StoreRoot, broker.Scratch, drain))
        {
            await broker.WaitForConsumersAsync(1);
            await broker.Bus.Publish(new PlanValidationRun(runId, "acme", broker.Spec, DateTimeOffset.UtcNow));
            await Wait.UntilAsync(async () => await first.JobsInFlightAsync() == 1 || broker.Outcome(runId) is not null, "the worker starts the job", TimeSpan.FromMinutes(1));
            Assert.True(broker.Outcome(runId) is null, $"The job finished before SIGTERM could be sent; the dataset is too small to test draining.\n{first.Output}");

            broker.MarkTerminated(runId);
            first.Terminate();

            Assert.True(await first.WaitForExitAsync(drain + ExitMargin), $"The worker did not exit after SIGTERM.\n{first.Output}");
            Assert.True(first.ExitCode == 0, $"exit code {first.ExitCode}\n{first.Output}");
            Assert.True(broker.Outcome(runId) is null, $"The job completed within the drain timeout, so nothing was released.\n{first.Output}");
        }

        // Released, not acknowledged: the job is back on the queue (once the broker has seen the connection go), marked
        // as redelivered.
        IReadOnlyList<(string Payload, bool Redelivered)> waiting = [];
        await Wait.UntilAsync(async () => (waiting = await broker.PeekJobsAsync()).Count > 0, "the released job is back on the queue");
        var job = Assert.Single(waiting);
        Assert.True(job.Redelivered, "the released job is not marked as redelivered");
        Assert.Contains(runId, job.Payload, StringComparison.Ordinal);

        await using var second = WorkerProcess.Start("drain-second", broker.WorkerUri, broker.StoreRoot, broker.Scratch, TimeSpan.FromMinutes(2));
        await Wait.UntilAsync(() => broker.Outcome(runId) is not null, "the other worker completes the job", TimeSpan.FromMinutes(2));
        var outcome = broker.Outcome(runId)!;
        Assert.True(outcome.Fault is null, outcome.Fault);
        Assert.Equal("drain-second", outcome.Worker);
        Assert.Equal(Broker.Rows, outcome.Rows);
        await Wait.UntilAsync(async () => (await broker.PeekJobsAsync()).Count == 0 || second.HasExited, "the job is acknowledged");
        Assert.False(second.HasExited, second.Output);
    }

    /// <summary>
    /// A virtual host of its own on the test RabbitMQ (<c>ConnectionStrings__rabbitmq</c>, as scripts/test.sh exports it),
    /// so no other worker or test meets these jobs; a local dataset store holding a dataset big enough that one job runs
    /// for a few seconds; and a bus that hears every result and fault.
    /// </summary>
    public sealed class Broker : IAsyncLifetime
    {
        public const long Rows = 3_000_000;
        private readonly Dictionary<string, Outcome> _outcomes = [];
        private readonly HashSet<string> _terminated = [];
        private readonly string _root = Directory.CreateTempSubdirectory("mrp-drain-tests-").FullName;
        private readonly string _vhost = "drain-" + Guid.NewGuid().ToString("N")[..10];
        private HttpClient _management = null!;
        private IBusControl? _bus;

        public string WorkerUri { get; private set; } = "";

        public string StoreRoot => Path.Combine(_root, "store");

        public string Scratch => Path.Combine(_root, "scratch");

        public IBus Bus => _bus!;

        public ValidationRunSpec Spec { get; } = new("datasets/acme/drain", "Csv", "datasets/acme/drain", "Csv", "score", "label", "segment", ["income"], 0.5,
            TestPlanLoader.TierPlanText(RiskTier.Medium));

        public async Task InitializeAsync()
        {
            var configured = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq") is { Length: > 0 } uri ? uri : "amqp://guest:guest@127.0.0.1:5682/";
            var amqp = new Uri(configured);
            var user = amqp.UserInfo.Length > 0 ? Uri.UnescapeDataString(amqp.UserInfo) : "guest:guest";
            _management = new HttpClient { BaseAddress = new Uri($"http://{amqp.Host}:{amqp.Port + 10000}/"), Timeout = TimeSpan.FromSeconds(10) };
            _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user)));
            (await _management.PutAsync($"api/vhosts/{_vhost}", null)).EnsureSuccessStatusCode();
            var name = Uri.EscapeDataString(user.Split(':')[0]);
            (await _management.PutAsJsonAsync($"api/permissions/{_vhost}/{name}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
            WorkerUri = new UriBuilder(amqp) { Path = "/" + _vhost }.Uri.ToString();

            await WriteDatasetAsync();

            _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(new Uri(WorkerUri));
                cfg.ReceiveEndpoint("drain-test-results", endpoint =>
                {
                    endpoint.Handler<ValidationRunResultReady>(context => Record(context.Message.RunId, new Outcome(context.Message.Worker, context.Message.Rows, null, false)));
                    endpoint.Handler<Fault<PlanValidationRun>>(context => Record(context.Message.Message.RunId,
                        new Outcome(null, 0, string.Join("; ", context.Message.Exceptions.Select(e => e.Message)), false)));
                });
            });
            using var start = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _bus.StartAsync(start.Token);
        }

        public Outcome? Outcome(string runId)
        {
            lock (_outcomes)
            {
                return _outcomes.GetValueOrDefault(runId);
            }
        }

        /// <summary>From now on, an outcome of this run counts as published after SIGTERM.</summary>
        public void MarkTerminated(string runId)
        {
            lock (_outcomes)
            {
                _terminated.Add(runId);
            }
        }

        /// <summary>Until the job queue has this many consumers (the management API refreshes the count every few seconds).</summary>
        public Task WaitForConsumersAsync(int count) => Wait.UntilAsync(async () =>
        {
            using var response = await _management.GetAsync($"api/queues/{_vhost}/{WorkerJobs.Queue}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            response.EnsureSuccessStatusCode();
            var queue = await response.Content.ReadFromJsonAsync<JsonElement>();
            return queue.TryGetProperty("consumers", out var consumers) && consumers.GetInt32() >= count;
        }, $"{count} worker(s) consume {WorkerJobs.Queue}", TimeSpan.FromMinutes(1));

        /// <summary>The jobs waiting on the queue (read and requeued, so they stay).</summary>
        public async Task<IReadOnlyList<(string Payload, bool Redelivered)>> PeekJobsAsync()
        {
            using var response = await _management.PostAsJsonAsync($"api/queues/{_vhost}/{WorkerJobs.Queue}/get",
                new { count = 10, ackmode = "ack_requeue_true", encoding = "auto", truncate = 100_000 });
            response.EnsureSuccessStatusCode();
            var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
            return messages.EnumerateArray().Select(m => (m.GetProperty("payload").GetString() ?? "", m.GetProperty("redelivered").GetBoolean())).ToList();
        }

        public async Task DisposeAsync()
        {
            if (_bus is not null)
            {
                await _bus.StopAsync();
            }
            using (await _management.DeleteAsync($"api/vhosts/{_vhost}"))
            {
            }
            _management.Dispose();
            Directory.Delete(_root, recursive: true);
        }

        private Task Record(string runId, Outcome outcome)
        {
            lock (_outcomes)
            {
                _outcomes.TryAdd(runId, outcome with { AfterTermination = _terminated.Contains(runId) });
            }
            return Task.CompletedTask;
        }

        // Ties in the score, a group, and a numeric drift column compared with the file itself as the reference: one job
        // reads the file twice and sorts the column, which takes seconds, not milliseconds.
        private async Task WriteDatasetAsync()
        {
            var file = Path.Combine(_root, "drain.csv");
            var random = new Random(7);
            await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20))
            {
                await writer.WriteAsync("score,label,segment,income\n");
                for (var i = 0; i < Rows; i++)
                {
                    var score = Math.Round(random.NextDouble(), 4);
                    writer.Write(string.Create(CultureInfo.InvariantCulture,
                        $"{score},{(random.NextDouble() < score ? 1 : 0)},{(i % 3 == 0 ? "a" : "b")},{Math.Round(30_000 + 40_000 * random.NextDouble(), 2)}\n"));
                }
            }
            var storage = new LocalFileDatasetStorage(StoreRoot);
            await using var content = File.OpenRead(file);
            var write = await storage.WriteAsync(Spec.DataKey, content, 1L << 32, CancellationToken.None);
            Assert.True(write.Stored is not null, write.Rejection?.ToString());
            File.Delete(file);
        }
    }

    public sealed record Outcome(string? Worker, long Rows, string? Fault, bool AfterTermination);
}
