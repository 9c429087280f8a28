using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Messaging;

namespace ModelRisk.Messaging.Tests.Infrastructure;

public sealed class ModelRow
{
    public required string Id { get; set; }

    public required string Key { get; set; }
}

/// <summary>The effect a test consumer has: one row per handled message.</summary>
public sealed class ProjectionRow
{
    public long Id { get; set; }

    public required string ModelId { get; set; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<ModelRow> Models => Set<ModelRow>();

    public DbSet<ProjectionRow> Projections => Set<ProjectionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ModelRow>(b =>
        {
            b.ToTable("models");
            b.HasKey(m => m.Id);
            b.HasIndex(m => m.Key).IsUnique();
        });
        modelBuilder.Entity<ProjectionRow>(b =>
        {
            b.ToTable("projections");
            b.HasKey(p => p.Id);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>A SQLite file shared by every context and host of one test, deleted afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"messaging-tests-{Guid.NewGuid():N}.db");

    TestDatabase()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase();
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync();
        // WAL lets the dispatcher read while a test writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return database;
    }

    public void Configure(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

    public TestDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>();
        Configure(options);
        return new TestDbContext(options.Options);
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try
            {
                File.Delete(_path + suffix);
            }
            catch (IOException)
            {
            }
        }
    }
}
