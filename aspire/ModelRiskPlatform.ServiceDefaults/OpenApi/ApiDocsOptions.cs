namespace ModelRisk.ServiceDefaults.OpenApi;

/// <summary>A service's OpenAPI document settings (section <c>ApiDocs</c>).</summary>
public sealed class ApiDocsOptions
{
    public const string SectionName = "ApiDocs";

    /// <summary>Serves the document without a token (local mode only), so a browser can load it into the docs UI.</summary>
    public bool Anonymous { get; set; }

    /// <summary>Who an integration asks about this installation's API: its operators, not the platform's authors.</summary>
    public string ContactName { get; set; } = "Model Risk Platform operators";

    public string? ContactEmail { get; set; }

    public Uri? ContactUrl { get; set; }
}
