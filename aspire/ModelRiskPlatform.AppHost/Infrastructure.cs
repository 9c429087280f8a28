using System.Globalization;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelRisk.AppHost;

/// <summary>Where the platform's repository files live, seen from the AppHost project.</summary>
/// <param name="DataDirectory">Local-mode state (SQLite files, the broker's data, the dev signing key); <c>.data/</c> by default, ignored by git.</param>
public sealed record RepositoryLayout(string Root, string DataDirectory)
{
    public static RepositoryLayout From(string appHostDirectory, IConfiguration configuration)
    {
        var root = Path.GetFullPath(Path.Combine(appHostDirectory, "..", ".."));
        var data = configuration["Platform:DataDirectory"];
        return new(root, Path.GetFullPath(string.IsNullOrWhiteSpace(data) ? Path.Combine(root, ".data") : data));
    }

    public string RealmFile => Path.Combine(Root, "k8s", "components", "keycloak", "model-risk-realm.json");
}

/// <summary>What the services need from the infrastructure, whichever mode provides it.</summary>
/// <param name="Mode">Local mode may generate development secrets (the decision-log key); container mode takes them as parameters.</param>
/// <param name="AddDatabase">The connection string <c>{service}-db</c> to a database of the service's own, on the mode's server.</param>
/// <param name="DatabaseParent">What the dashboard nests each migration step under: the database server, or the broker when databases are files.</param>
public sealed record PlatformInfrastructure(
    PlatformMode Mode,
    RepositoryLayout Layout,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    IResourceBuilder<IResource> RabbitMqServer,
    string DatabaseProvider,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> AddDatabase,
    IResource DatabaseParent,
    ReferenceExpression IdentityAuthority,
    IResourceBuilder<IResource> IdentityProvider);

public static class Infrastructure
{
    public const string Realm = "model-risk";

    /// <summary>
    /// Local mode, for machines without a container runtime: SQLite files, a RabbitMQ node from the machine's own
    /// rabbitmq-server install run as an executable, and the development token issuer reading the realm file.
    /// </summary>
    public static PlatformInfrastructure AddLocal(IDistributedApplicationBuilder builder, RepositoryLayout layout)
    {
        var data = layout.DataDirectory;
        Directory.CreateDirectory(data);

        var rabbitPort = builder.Configuration.GetValue("Platform:RabbitMqPort", 5692);
        var rabbitDir = Path.Combine(data, "rabbitmq");
        Directory.CreateDirectory(Path.Combine(rabbitDir, "home"));
        File.WriteAllText(Path.Combine(rabbitDir, "rabbitmq.conf"),
            $"listeners.tcp.default = 127.0.0.1:{rabbitPort}\nmanagement.tcp.port = {rabbitPort + 10000}\nmanagement.tcp.ip = 127.0.0.1\nloopback_users = none\n");
        File.WriteAllText(Path.Combine(rabbitDir, "enabled_plugins"), "[rabbitmq_management].\n");
        builder.Services.AddHealthChecks().AddCheck("rabbitmq-port", new TcpPortHealthCheck("127.0.0.1", rabbitPort));

        var port = rabbitPort.ToString(CultureInfo.InvariantCulture);
        var rabbitServer = builder.AddExecutable("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server", rabbitDir)
            .WithEnvironment("HOME", Path.Combine(rabbitDir, "home"))
            .WithEnvironment("RABBITMQ_NODENAME", "mrp" + port + "@localhost")
            .WithEnvironment("RABBITMQ_NODE_PORT", port)
            .WithEnvironment("RABBITMQ_DIST_PORT", (rabbitPort + 20000).ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(rabbitDir, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(rabbitDir, "log"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(rabbitDir, "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(rabbitDir, "enabled_plugins"))
            .WithEnvironment("PATH", "/usr/lib/rabbitmq/bin:" + Environment.GetEnvironmentVariable("PATH"))
            .WithHealthCheck("rabbitmq-port")
            .WithUrl("http://127.0.0.1:" + (rabbitPort + 10000).ToString(CultureInfo.InvariantCulture), "RabbitMQ management (guest/guest)");
        var rabbit = builder.AddConnectionString("rabbitmq", ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{port}/"));

        var identity = builder.AddProject<Projects.DevIdentity>("identity")
            .WithEnvironment("DevIdentity__RealmFile", layout.RealmFile)
            .WithEnvironment("DevIdentity__KeyFile", Path.Combine(data, "identity", "signing-key.pem"))
            // Local mode is a developer's machine whatever environment the AppHost runs in.
            .WithEnvironment("DevIdentity__AllowOutsideDevelopment", "true")
            .WithHttpHealthCheck("/health");
        // The issuer in every token is the address the services validate against, not whatever Host a caller sends.
        identity.WithEnvironment("DevIdentity__PublicUrl", identity.GetEndpoint("http"));
        var authority = ReferenceExpression.Create($"{identity.GetEndpoint("http")}/realms/{Realm}");

        return new PlatformInfrastructure(PlatformMode.Local, layout, rabbit, rabbitServer.AsResource(), "Sqlite", SqliteFiles(builder, data),
            rabbitServer.Resource, authority, identity.AsResource());
    }

    /// <summary>
    /// Container mode: RabbitMQ and Keycloak (importing the realm the repository ships) as containers; SQL Server too when
    /// <c>Containers:SqlServerImage</c> names an image (its registry is the operator's choice), else SQLite files.
    /// </summary>
    public static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder, RepositoryLayout layout)
    {
        var rabbit = builder.AddRabbitMQ("rabbitmq").WithManagementPlugin();

        var adminPassword = builder.AddParameter("keycloak-admin-password", secret: true);
        var keycloak = builder.AddContainer("keycloak", builder.Configuration["Containers:KeycloakImage"] ?? "keycloak/keycloak", builder.Configuration["Containers:KeycloakTag"] ?? "26.0")
            .WithArgs("start-dev", "--import-realm", "--health-enabled=true")
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword)
            .WithBindMount(Path.GetDirectoryName(layout.RealmFile)!, "/opt/keycloak/data/import", isReadOnly: true)
            .WithHttpEndpoint(port: 8080, targetPort: 8080, name: "http")
            .WithHttpEndpoint(targetPort: 9000, name: "management")
            .WithHttpHealthCheck("/health/ready", endpointName: "management");
        var authority = ReferenceExpression.Create($"{keycloak.GetEndpoint("http")}/realms/{Realm}");

        var sqlServerImage = builder.Configuration["Containers:SqlServerImage"];
        if (!string.IsNullOrWhiteSpace(sqlServerImage))
        {
            var saPassword = builder.AddParameter("sqlserver-sa-password", secret: true);
            var sql = builder.AddContainer("sqlserver", sqlServerImage, builder.Configuration["Containers:SqlServerTag"] ?? "2022-latest")
                .WithEnvironment("ACCEPT_EULA", "Y")
                .WithEnvironment("MSSQL_SA_PASSWORD", saPassword)
                .WithEndpoint(targetPort: 1433, name: "tds", scheme: "tcp")
                .WithVolume("model-risk-sqlserver", "/var/opt/mssql");
            var endpoint = sql.GetEndpoint("tds");
            IResourceBuilder<IResourceWithConnectionString> SqlServerDatabase(string service) => builder.AddConnectionString($"{service}-db", ReferenceExpression.Create(
                $"Server={endpoint.Property(EndpointProperty.Host)},{endpoint.Property(EndpointProperty.Port)};Database={service};User Id=sa;Password={saPassword};TrustServerCertificate=true"));
            return new PlatformInfrastructure(PlatformMode.Containers, layout, rabbit, rabbit.AsResource(), "SqlServer", SqlServerDatabase,
                sql.Resource, authority, keycloak.AsResource());
        }

        var data = layout.DataDirectory;
        Directory.CreateDirectory(data);
        return new PlatformInfrastructure(PlatformMode.Containers, layout, rabbit, rabbit.AsResource(), "Sqlite", SqliteFiles(builder, data),
            rabbit.Resource, authority, keycloak.AsResource());
    }

    /// <summary>One SQLite file per service in the data directory.</summary>
    private static Func<string, IResourceBuilder<IResourceWithConnectionString>> SqliteFiles(IDistributedApplicationBuilder builder, string data) =>
        service => builder.AddConnectionString($"{service}-db", ReferenceExpression.Create($"Data Source={Path.Combine(data, service + ".db")}"));

    /// <summary>
    /// A platform service as the AppHost runs it: its own database, a <c>{name}-migrations</c> step (<c>--migrate</c>) that
    /// it waits for, the broker, the realm, REST on HTTP/1.1 and gRPC on an HTTP/2-only endpoint, and its health check.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPlatformService<TProject>(this IDistributedApplicationBuilder builder, string name,
        PlatformInfrastructure infrastructure) where TProject : IProjectMetadata, new()
    {
        var database = infrastructure.AddDatabase(name);
        var migrations = builder.AddProject<TProject>($"{name}-migrations", o => o.ExcludeLaunchProfile = true)
            .WithArgs("--migrate")
            .WithServiceDatabase(infrastructure, database)
            .WithParentRelationship(infrastructure.DatabaseParent);
        return builder.AddProject<TProject>(name)
            .WithHttpEndpoint(name: "grpc", env: name.ToUpperInvariant() + "_GRPC_PORT")
            .WithServiceDatabase(infrastructure, database)
            .WithPlatformIdentity(infrastructure)
            .WithReference(infrastructure.RabbitMq)
            .WaitFor(infrastructure.RabbitMq)
            .WaitForCompletion(migrations)
            .WithKestrelEndpoints()
            // Healthy once its bus has bound its queues, so nothing that depends on it starts while an event published
            // to it would still be dropped by an exchange with no queue behind it.
            .WithHttpHealthCheck("/health/startup");
    }

    /// <summary>
    /// A validation worker: headless (health and metrics only), the broker, and the dataset store it shares with
    /// Assessment. Its management port is its only endpoint.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddValidationWorker(this IDistributedApplicationBuilder builder, string name,
        PlatformInfrastructure infrastructure)
    {
        var worker = builder.AddProject<Projects.ValidationWorker>(name, o => o.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(name: "management");
        var management = worker.GetEndpoint("management");
        // Smaller shards make a small file split, for trying (and testing) sharded runs on a laptop.
        if (builder.Configuration["Platform:WorkerShardBytes"] is { Length: > 0 } shardBytes)
        {
            worker.WithEnvironment("Worker__ShardBytes", shardBytes);
        }
        if (builder.Configuration["Platform:WorkerConcurrency"] is { Length: > 0 } concurrency)
        {
            worker.WithEnvironment("Worker__Concurrency", concurrency);
        }
        return worker
            .WithEnvironment("Worker__Instance", name)
            .WithEnvironment("Kestrel__Endpoints__Management__Url", ReferenceExpression.Create($"http://127.0.0.1:{management.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("Kestrel__Endpoints__Management__Protocols", "Http1")
            .WithEnvironment("Management__Port", management.Property(EndpointProperty.TargetPort))
            .WithDatasetStorage(infrastructure)
            .WithReference(infrastructure.RabbitMq)
            .WaitFor(infrastructure.RabbitMq)
            .WithHttpHealthCheck("/health/startup", endpointName: "management");
    }

    private static IResourceBuilder<IResource> AsResource<T>(this IResourceBuilder<T> builder) where T : IResource =>
        (IResourceBuilder<IResource>)(object)builder;
}

public static class PlatformResourceExtensions
{
    /// <summary>Waits for every one of <paramref name="dependencies"/> to be healthy before <paramref name="project"/> starts.</summary>
    public static IResourceBuilder<ProjectResource> WaitForAll(this IResourceBuilder<ProjectResource> project,
        IEnumerable<IResourceBuilder<ProjectResource>> dependencies)
    {
        foreach (var dependency in dependencies)
        {
            project.WaitFor(dependency);
        }
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithServiceDatabase(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure,
        IResourceBuilder<IResourceWithConnectionString> database) =>
        project.WithEnvironment("Database__Provider", infrastructure.DatabaseProvider)
            .WithReference(database)
            .WaitFor(database);

    /// <summary>
    /// The key that signs the decision log's checkpoints: generated once into the data directory in local mode, a secret
    /// parameter (<c>decision-log-signing-key</c>, ECDSA P-256 PEM) in container mode, never a development key there.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDecisionLogSigningKey(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure)
    {
        if (infrastructure.Mode == PlatformMode.Local)
        {
            return project.WithEnvironment("DecisionLog__GenerateDevelopmentKey", "true")
                .WithEnvironment("DecisionLog__DevelopmentKeyPath", Path.Combine(infrastructure.Layout.DataDirectory, project.Resource.Name, "decision-log-key.pem"));
        }
        var key = project.ApplicationBuilder.AddParameter("decision-log-signing-key", secret: true);
        return project.WithEnvironment("DecisionLog__SigningKeyPem", key);
    }

    /// <summary>
    /// The key a service signs its webhooks with (ADR 082; Findings' escalations, Monitoring's alerts): each service its
    /// own, as on Kubernetes (<c>findings-webhook-secret</c>, <c>monitoring-webhook-secret</c>). Generated once into the
    /// service's folder of the data directory in local mode; the secret parameter <c>{service}-webhook-signing-secret</c>
    /// in container mode.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithWebhookSigningSecret(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure)
    {
        if (infrastructure.Mode == PlatformMode.Local)
        {
            var path = Path.Combine(infrastructure.Layout.DataDirectory, project.Resource.Name, "webhook-signing-secret");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            }
            return project.WithEnvironment("Webhooks__SigningSecret", File.ReadAllText(path).Trim());
        }
        var secret = project.ApplicationBuilder.AddParameter($"{project.Resource.Name}-webhook-signing-secret", secret: true);
        return project.WithEnvironment("Webhooks__SigningSecret", secret);
    }
    /// <summary>The dataset store: one directory under the data directory, shared by Assessment, Monitoring and the workers (one machine).</summary>
    public static IResourceBuilder<ProjectResource> WithDatasetStorage(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure) =>
        project.WithEnvironment("DatasetStorage__Kind", "Local")
            .WithEnvironment("DatasetStorage__Local__Root", Path.Combine(infrastructure.Layout.DataDirectory, "datasets"));

    public static IResourceBuilder<ProjectResource> WithPlatformIdentity(this IResourceBuilder<ProjectResource> project, PlatformInfrastructure infrastructure) =>
        project.WithEnvironment("Identity__Authority", infrastructure.IdentityAuthority)
            .WithEnvironment("Identity__RequireHttpsMetadata", "false")
            .WithEnvironment("ApiDocs__Anonymous", "true")
            .WaitFor(infrastructure.IdentityProvider);

    /// <summary>
    /// REST and health on HTTP/1.1 and gRPC on an HTTP/2-only endpoint: cleartext gRPC needs HTTP/2 without
    /// negotiation, while probes and browsers speak HTTP/1.1.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKestrelEndpoints(this IResourceBuilder<ProjectResource> project)
    {
        var http = project.GetEndpoint("http");
        var grpc = project.GetEndpoint("grpc");
        return project
            .WithEnvironment("Kestrel__Endpoints__Http__Url", ReferenceExpression.Create($"http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("Kestrel__Endpoints__Http__Protocols", "Http1")
            .WithEnvironment("Kestrel__Endpoints__Grpc__Url", ReferenceExpression.Create($"http://127.0.0.1:{grpc.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("Kestrel__Endpoints__Grpc__Protocols", "Http2");
    }
}

/// <summary>Healthy once something accepts TCP connections on the port: enough to know a broker started.</summary>
public sealed class TcpPortHealthCheck(string host, int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"{host}:{port} does not accept connections", e);
        }
    }
}
