namespace ModelRisk.Gateway;

/// <summary>The gateway's own settings (section <c>Gateway</c>); routes and clusters live in <c>ReverseProxy</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Lets anyone read the OpenAPI documents and the Scalar UI. Off by default: every endpoint but health and
    /// metrics needs a token. The local-mode AppHost turns it on so a developer can browse the API.
    /// </summary>
    public bool AnonymousApiDocs { get; set; }

    /// <summary>
    /// The gateway's address as integrations call it (<c>https://api.example.org</c>), written as the only server of
    /// every OpenAPI document the gateway serves. Unset, the documents name the address the request came in on.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Request body limit of a route that sets no <c>MaxRequestBodySize</c> of its own (bytes).</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    public ClientRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Networks (CIDR) of the ingress or load balancer whose <c>X-Forwarded-For</c> the gateway believes.</summary>
    public IList<string> TrustedProxies { get; set; } = [];
}

/// <summary>The token bucket every client gets (one bucket per integration client, per person, or per anonymous IP).</summary>
public sealed class ClientRateLimitOptions
{
    public int TokenLimit { get; set; } = 200;
    public int TokensPerPeriod { get; set; } = 100;
    public double ReplenishmentPeriodSeconds { get; set; } = 1;
}
