using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ModelRisk.DevIdentity;

public sealed record DevTokenRequest(string? Username, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Orgs, int? LifetimeSeconds, string? Audience);

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

internal static class Endpoints
{
    private static readonly HashSet<string> KnownRoles =
        ["model-owner", "risk-analyst", "approver", "auditor", "operator", "platform-admin", "integration"];

    public static void MapDiscoveryEndpoints(this RouteGroupBuilder realm)
    {
        realm.MapGet("/.well-known/openid-configuration", (TokenIssuer issuer) =>
        {
            var iss = issuer.Options.Issuer;
            return TypedResults.Ok(new Dictionary<string, object>
            {
                ["issuer"] = iss,
                ["jwks_uri"] = $"{iss}/protocol/openid-connect/certs",
                ["token_endpoint"] = $"{iss}/protocol/openid-connect/token",
                ["grant_types_supported"] = new[] { "password", "client_credentials" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "token" },
                ["subject_types_supported"] = new[] { "public" },
            });
        });
        realm.MapGet("/protocol/openid-connect/certs", (SigningKeyStore keys) =>
            TypedResults.Ok(new { keys = new[] { new { kty = keys.Jwk.Kty, use = keys.Jwk.Use, alg = keys.Jwk.Alg, kid = keys.Jwk.Kid, n = keys.Jwk.N, e = keys.Jwk.E } } }));
    }

    public static void MapTokenEndpoints(this RouteGroupBuilder realm)
    {
        // The OAuth token endpoint for the demo users (password grant) and service accounts (client credentials).
        realm.MapPost("/protocol/openid-connect/token", Results<Ok<TokenResponse>, ProblemHttpResult> (
            IFormCollection fields, RealmDirectory directory, TokenIssuer issuer) =>
        {
            var form = TokenForm.From(fields);
            switch (form.grant_type)
            {
                case "password" when form.username is not null && form.password is not null:
                    var user = directory.FindUser(form.username, form.password);
                    if (user is null)
                    {
                        return InvalidGrant("Invalid user credentials");
                    }
                    var (token, expiresIn) = issuer.Issue(new TokenSubject($"user-{user.Username}", user.Username, user.Roles, user.Orgs, form.client_id ?? "model-risk-gateway"));
                    return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn));
                case "client_credentials" when form.client_id is not null:
                    var client = directory.FindClient(form.client_id, form.client_secret);
                    if (client is null || !client.ServiceAccount)
                    {
                        return InvalidGrant("Invalid client or client credentials");
                    }
                    var issued = issuer.Issue(new TokenSubject($"service-account-{client.ClientId}", $"service-account-{client.ClientId}", client.Roles, client.Orgs, client.ClientId));
                    return TypedResults.Ok(new TokenResponse(issued.Token, "Bearer", issued.ExpiresIn));
                default:
                    return TypedResults.Problem(statusCode: 400, title: "unsupported_grant_type",
                        detail: "grant_type must be password (username, password) or client_credentials (client_id, client_secret)");
            }
        }).DisableAntiforgery();

        // Development only: a token for any role and org, so a developer can try every permission locally.
        realm.MapPost("/dev/token", Results<Ok<TokenResponse>, ValidationProblem> (DevTokenRequest request, TokenIssuer issuer) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 100)
            {
                errors["username"] = ["Required, at most 100 characters."];
            }
            var unknown = (request.Roles ?? []).Where(r => !KnownRoles.Contains(r)).ToList();
            if (request.Roles is not { Count: > 0 } || unknown.Count > 0)
            {
                errors["roles"] = [$"One or more of: {string.Join(", ", KnownRoles)}." + (unknown.Count > 0 ? $" Unknown: {string.Join(", ", unknown)}." : "")];
            }
            if (request.LifetimeSeconds is { } l && (l < 1 || l > issuer.Options.MaxDevTokenLifetimeSeconds))
            {
                errors["lifetimeSeconds"] = [$"Between 1 and {issuer.Options.MaxDevTokenLifetimeSeconds}."];
            }
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var (token, expiresIn) = issuer.Issue(
                new TokenSubject($"dev-{request.Username}", request.Username!, request.Roles!, request.Orgs ?? [], "model-risk-dev"),
                request.LifetimeSeconds, request.Audience);
            return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn));
        });
    }

    private static ProblemHttpResult InvalidGrant(string detail) =>
        TypedResults.Problem(statusCode: 401, title: "invalid_grant", detail: detail);
}

#pragma warning disable IDE1006, CA1707 // OAuth form field names are fixed by RFC 6749.
internal sealed record TokenForm(string? grant_type, string? username, string? password, string? client_id, string? client_secret)
{
    public static TokenForm From(IFormCollection form) => new(
        form["grant_type"].FirstOrDefault(), form["username"].FirstOrDefault(), form["password"].FirstOrDefault(),
        form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
}
#pragma warning restore IDE1006, CA1707
