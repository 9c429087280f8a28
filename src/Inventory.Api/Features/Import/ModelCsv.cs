using System.Buffers;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Models;
using nietras.SeparatedValues;

namespace ModelRisk.Inventory.Features.Import;

/// <summary>
/// The CSV shape of a model shared by import and export, so an export can be edited and imported back.
/// List fields are separated by ';' inside their cell; deployment endpoints and monitoring links travel only in JSON lines.
/// </summary>
public static class ModelCsv
{
    public static readonly string[] Columns =
    [
        "org", "key", "name", "description", "owner", "developerTeam", "intendedUse", "modelType", "sourcing", "vendorName",
        "tags", "restrictions", "upstreamDependencies", "lineageUris",
    ];

    public static readonly string[] Required = ["org", "key", "name", "owner", "modelType"];

    public static Sep Separator => Sep.New(',');

    /// <summary>Reads one data row; a field that does not parse is reported by column name (the row is then rejected).</summary>
    public static (RegisterModelRequest? Request, Dictionary<string, string[]> Errors) ReadRow(SepReader.Row row, IReadOnlySet<string> present)
    {
        var errors = new Dictionary<string, string[]>();
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in present)
        {
            var value = ParseCell(row[column].ToString());
            if (value.Length > 0)
            {
                cells[column] = value;
            }
        }
        string? Text(string column) => cells.GetValueOrDefault(column);
        IReadOnlyList<string>? List(string column) => Text(column)?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
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

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// One exported cell: quoted when it holds a separator, quote or line break, and prefixed with a quote when it
    /// starts like a spreadsheet formula, so opening an export cannot run one (import strips the prefix again).
    /// </summary>
    public static string FormatCell(string cell)
    {
        if (cell.Length > 0 && FormulaStarts.Contains(cell[0]))
        {
            cell = "'" + cell;
        }
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private static string ParseCell(string raw)
    {
        var value = raw.Trim();
        return value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1]) ? value[1..] : value;
    }

    public static string[] ToCells(ModelRecord m) =>
    [
        m.Org, m.Key, m.Name, m.Description ?? "", m.Owner, m.DeveloperTeam ?? "", m.IntendedUse ?? "", m.ModelType.ToString(),
        m.Sourcing.ToString(), m.VendorName ?? "", string.Join(';', m.Tags), string.Join(';', m.Restrictions),
        string.Join(';', m.UpstreamDependencies), string.Join(';', m.LineageUris),
    ];
}
