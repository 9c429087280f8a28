using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ModelRisk.ServiceKit.Data;

public static class ServiceDatabase
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> on the provider <c>Database:Provider</c> names. Each provider has its own
    /// subclass so that each keeps its own migrations set; the model is defined once, in <typeparamref name="TContext"/>.
    /// Without a connection string, SQLite uses <c>{name}.db</c> in the content root; SQL Server requires one.
    /// <paramref name="pooled"/> reuses context instances across scopes (ADR 060): it saves resolving EF's scoped
    /// services for every request, and is only for a context that holds no state of its own beyond EF's, which EF resets.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSqlite, TSqlServer>(this IHostApplicationBuilder builder, string connectionName,
        bool pooled = false)
        where TContext : ServiceDbContext
        where TSqlite : TContext
        where TSqlServer : TContext
    {
        var provider = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(builder.Environment.ContentRootPath, connectionName.Replace("-db", "", StringComparison.Ordinal) + ".db")}"
                : throw new InvalidOperationException($"ConnectionStrings:{connectionName} is required for SQL Server.");
        }
        if (provider == DatabaseProvider.SqlServer)
        {
            Add<TContext, TSqlServer>(builder.Services, pooled, o => o.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));
        }
        else
        {
            Add<TContext, TSqlite>(builder.Services, pooled, o => o.UseSqlite(connectionString).AddInterceptors(new SqliteConcurrency()));
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(connectionName, tags: [ServiceDefaultsExtensions.ReadinessTag]);
        return builder;
    }

    private static void Add<TContext, TImplementation>(IServiceCollection services, bool pooled, Action<DbContextOptionsBuilder> configure)
        where TContext : DbContext
        where TImplementation : TContext
    {
        if (pooled)
        {
            services.AddDbContextPool<TContext, TImplementation>(configure);
        }
        else
        {
            services.AddDbContext<TContext, TImplementation>(configure);
        }
    }

    /// <summary>
    /// With <c>--migrate</c> on the command line, applies pending migrations and returns true: the caller exits.
    /// Migrations run as their own step (an Aspire resource, a Kubernetes Job), never in request handling.
    /// </summary>
    public static async Task<bool> MigrateIfRequestedAsync<TContext>(this IHost app, string[] args, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        if (!args.Contains("--migrate"))
        {
            return false;
        }
        await MigrateAsync<TContext>(app.Services, cancellationToken);
        return true;
    }

    /// <summary>Applies pending migrations (the `--migrate` step, and test hosts before their first request).</summary>
    public static async Task MigrateAsync<TContext>(IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);
    }
}
