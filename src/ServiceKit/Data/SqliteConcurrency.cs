using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelRisk.ServiceKit.Data;

/// <summary>
/// SQLite with more than one connection at work (requests, the outbox dispatcher, background jobs): a busy timeout so
/// SQLite itself waits for another writer's lock inside a statement instead of failing it with "database is locked"
/// (a 500), and write-ahead logging (EF sets it when it creates the file; a file created otherwise gets it here).
/// </summary>
public sealed class SqliteConcurrency : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
