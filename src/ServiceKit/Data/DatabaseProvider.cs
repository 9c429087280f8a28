namespace ModelRisk.ServiceKit.Data;

/// <summary>The database a service runs on, from <c>Database:Provider</c>: SQLite is the embedded default, SQL Server production's.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
