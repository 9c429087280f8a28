using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelRisk.Contracts.Inventory.V1;
using ModelRisk.ServiceKit.Data;
using ModelRisk.ServiceKit.Domain;

namespace ModelRisk.ServiceKit.Tests;

/// <summary>A minimal aggregate for exercising the kit: a unique name and one editable field.</summary>
public sealed class Widget : Aggregate
{
    public string Name { get; private set; } = "";
    public string Colour { get; private set; } = "";

    public static Widget Create(string name, string colour)
    {
        var widget = new Widget { Id = NewId(), Name = name, Colour = colour, Revision = 1 };
        widget.Raise(new ModelRegistered(widget.Id, "org", name, name, "Classification", "owner", "Proposed", "Unassigned", "actor", DateTimeOffset.UnixEpoch));
        return widget;
    }

    public void Repaint(string colour)
    {
        Colour = colour;
        Touch();
    }
}

public sealed class WidgetDb(DbContextOptions<WidgetDb> options) : ServiceDbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Widget>(w =>
        {
            w.HasKey(x => x.Id);
            w.HasIndex(x => x.Name).IsUnique();
            w.Property(x => x.Name).IsRequired();
        });
        base.OnModelCreating(modelBuilder);
    }

    /// <summary>An in-memory SQLite database that lives as long as the returned connection.</summary>
    public static (SqliteConnection Connection, Func<WidgetDb> Create) InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var options = new DbContextOptionsBuilder<WidgetDb>().UseSqlite(connection).Options;
        using (var db = new WidgetDb(options))
        {
            db.Database.EnsureCreated();
        }
        return (connection, () => new WidgetDb(options));
    }
}
