using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ModelRisk.ServiceKit.Data;

/// <summary>Tells a uniqueness race (a conflict a client resolves) from every other database error (a fault).</summary>
public static class DatabaseErrors
{
    /// <summary>A lost race: a concurrent edit or a uniqueness clash. Safe to answer 409 and let the client retry.</summary>
    public static bool IsRace(DbUpdateException exception) => exception is DbUpdateConcurrencyException || IsUniqueViolation(exception);

    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        // SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        // SQL Server: 2601 (duplicate key in a unique index), 2627 (unique or primary key constraint).
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        DbException => false,
        _ => false,
    };
}
