using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ModelRisk.Inventory.Data;

/// <summary>
/// Which failed saves are a race another writer won, for both providers. Only those are a conflict a client may
/// retry (409/412); every other database error (a value too long, a broken constraint, a lost connection) is a fault
/// of ours that a retry will not cure, so it stays an exception and becomes a logged 500. Nothing here is specific to
/// Inventory: a service with the same two providers uses this file as it is.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>SQLite extended result codes: SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.</summary>
    public static readonly IReadOnlySet<int> SqliteUniqueViolations = new HashSet<int> { 2067, 1555 };

    /// <summary>SQL Server error numbers: duplicate key in a unique index (2601) or a unique or primary key constraint (2627).</summary>
    public static readonly IReadOnlySet<int> SqlServerUniqueViolations = new HashSet<int> { 2601, 2627 };

    /// <summary>A concurrency token that no longer matched, or a unique index that another writer's row now holds.</summary>
    public static bool IsRace(DbUpdateException exception) => exception is DbUpdateConcurrencyException || IsUniqueViolation(exception);

    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => SqliteUniqueViolations.Contains(sqlite.SqliteExtendedErrorCode),
        SqlException sqlServer => SqlServerUniqueViolations.Contains(sqlServer.Number),
        _ => false,
    };
}
