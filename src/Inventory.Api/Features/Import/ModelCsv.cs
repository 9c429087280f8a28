using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Csv;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// The CSV shape of a model shared by import and export, so an export can be edited and imported back. How one
/// value sits in a cell (formula guards, list items) is <see cref="CsvCellEncoding"/>; deployment endpoints and
/// monitoring links travel only in JSON lines.
/// </summary>
public static class ModelCsv
{
    public static readonly string[] Columns =
    [
        "org", "key", "name", "description", "owner", "developerTeam", "intendedUse", "modelType", "sourcing", "vendorName",
        "tags", "restrictions", "upstreamDependencies", "lineageUris",
    ];

    public static readonly string[] Required = ["org", "key", "name", "owner", "modelType"];

    private static readonly HashSet<string> ListColumns = ["tags", "restrictions", "upstreamDependencies", "lineageUris"];

    public static bool IsList(string column) => ListColumns.Contains(column);

    /// <summary>Reads one data row, its cells in the header's order; a field that does not parse is reported by column name (the row is then rejected).</summary>
    public static (RegisterModelRequest? Request, Dictionary<string, string[]> Errors) ReadRow(IReadOnlyList<string> header, IReadOnlyList<string> row)
    {
        var errors = new Dictionary<string, string[]>();
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var value = CsvCellEncoding.ParseCell(row[i]);
            if (value.Length > 0)
            {
                cells[header[i]] = value;
            }
        }
        string? Text(string column) => cells.GetValueOrDefault(column);
        IReadOnlyList<string>? List(string column) => Text(column) is { } cell ? CsvCellEncoding.SplitList(cell) : null;
        TEnum? Enum<TEnum>(string column) where TEnum : struct, System.Enum
        {
            var value = Text(column);
            if (value is null)
            {
                return null;
            }
            if (System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !char.IsDigit(value[0]))
            {
                return parsed;
            }
            errors[column] = [$"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}."];
            return null;
        }

        var request = new RegisterModelRequest
        {
            Org = Text("org"),
            Key = Text("key"),
            Name = Text("name"),
            Description = Text("description"),
            Owner = Text("owner"),
            DeveloperTeam = Text("developerTeam"),
            IntendedUse = Text("intendedUse"),
            Restrictions = List("restrictions"),
            ModelType = Enum<ModelType>("modelType"),
            Sourcing = Enum<Sourcing>("sourcing"),
            VendorName = Text("vendorName"),
            UpstreamDependencies = List("upstreamDependencies"),
            LineageUris = List("lineageUris"),
            Tags = List("tags"),
        };
        // The request is returned even with errors so the report can name the row's org and key.
        return (request, errors);
    }

    public static string[] ToCells(ModelRecord m) =>
    [
        m.Org, m.Key, m.Name, m.Description ?? "", m.Owner, m.DeveloperTeam ?? "", m.IntendedUse ?? "", m.ModelType.ToString(),
        m.Sourcing.ToString(), m.VendorName ?? "", CsvCellEncoding.JoinList(m.Tags), CsvCellEncoding.JoinList(m.Restrictions),
        CsvCellEncoding.JoinList(m.UpstreamDependencies), CsvCellEncoding.JoinList(m.LineageUris),
    ];

    /// <summary>One exported line (without its line break).</summary>
    public static string FormatRow(ModelRecord model) => string.Join(',', ToCells(model).Select(CsvCellEncoding.FormatCell));
}
