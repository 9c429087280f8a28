using System.Text.RegularExpressions;
using ModelRisk.Inventory.Models;

namespace ModelRisk.Inventory.Features.Models;

public sealed record DeploymentEndpointInput(string? Environment, string? Url, string? Region);

public sealed record MonitoringLinkInput(string? Label, string? Url);

/// <summary>
/// A partial update: a field left out (null) keeps its value; an optional text sent as "" is cleared;
/// a list given replaces the list (an empty list clears it).
/// </summary>
public record UpdateModelRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Owner { get; init; }
    public string? DeveloperTeam { get; init; }
    public string? IntendedUse { get; init; }
    public IReadOnlyList<string>? Restrictions { get; init; }
    public ModelType? ModelType { get; init; }
    public Sourcing? Sourcing { get; init; }
    public string? VendorName { get; init; }
    public IReadOnlyList<string>? UpstreamDependencies { get; init; }
    public IReadOnlyList<string>? LineageUris { get; init; }
    public IReadOnlyList<DeploymentEndpointInput>? DeploymentEndpoints { get; init; }
    public IReadOnlyList<MonitoringLinkInput>? MonitoringLinks { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }

    public ModelDetails MergeInto(ModelDetails current) => new(
        Name ?? current.Name,
        Optional(Description, current.Description),
        Owner ?? current.Owner,
        Optional(DeveloperTeam, current.DeveloperTeam),
        Optional(IntendedUse, current.IntendedUse),
        Restrictions ?? current.Restrictions,
        ModelType ?? current.ModelType,
        Sourcing ?? current.Sourcing,
        Optional(VendorName, current.VendorName),
        UpstreamDependencies ?? current.UpstreamDependencies,
        LineageUris ?? current.LineageUris,
        DeploymentEndpoints?.Select(e => new DeploymentEndpoint(e.Environment ?? "", e.Url ?? "", e.Region)).ToList() ?? current.DeploymentEndpoints,
        MonitoringLinks?.Select(l => new MonitoringLink(l.Label ?? "", l.Url ?? "")).ToList() ?? current.MonitoringLinks,
        Tags ?? current.Tags);

    private static string? Optional(string? given, string? current) => given is null ? current : given.Trim().Length == 0 ? null : given;
}

/// <summary>The body of a model registration, and one row of a bulk import: the editable fields plus the model's identity.</summary>
public sealed record RegisterModelRequest : UpdateModelRequest
{
    public string? Org { get; init; }
    public string? Key { get; init; }
}

public sealed record AddVersionRequest(string? Version, string? ArtifactUri, string? TrainingDataReference);

public sealed record LifecycleTransitionRequest(LifecycleStatus? To, string? Reason);

public sealed record RiskTierRequest(RiskTier? Tier, string? Rationale);

/// <summary>Field-level rules for every model input; the errors name the field as the client sent it.</summary>
public static partial class ModelValidation
{
    public const int MaxListItems = 50;
    public const int MaxUriLength = 2000;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]{0,49}$", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    public static bool IsSlug(string? value) => value is not null && Slug().IsMatch(value);

    public static Dictionary<string, string[]> ValidateRegistration(RegisterModelRequest request)
    {
        var errors = new Errors();
        errors.Slug("org", request.Org);
        errors.Slug("key", request.Key);
        if (request.ModelType is null)
        {
            errors.Add("modelType", $"Required: one of {string.Join(", ", Enum.GetNames<ModelType>())}.");
        }
        ValidateDetails(errors, request.MergeInto(ModelDetails.Empty), request.Name, request.Owner);
        return errors.Result;
    }

    public static Dictionary<string, string[]> ValidateDetails(ModelDetails details)
    {
        var errors = new Errors();
        ValidateDetails(errors, details, details.Name, details.Owner);
        return errors.Result;
    }

    private static void ValidateDetails(Errors errors, ModelDetails d, string? name, string? owner)
    {
        errors.Text("name", name, 200, required: true);
        errors.Text("owner", owner, 200, required: true);
        // JSON also binds enums from numbers; a number that names no member must not reach the database.
        errors.Defined("modelType", d.ModelType);
        errors.Defined("sourcing", d.Sourcing);
        errors.Text("description", d.Description, 4000, multiline: true);
        errors.Text("developerTeam", d.DeveloperTeam, 200);
        errors.Text("intendedUse", d.IntendedUse, 4000, multiline: true);
        errors.List("restrictions", d.Restrictions, (field, value) => errors.Text(field, value, 1000, required: true, multiline: true));
        if (d.Sourcing == Sourcing.Vendor)
        {
            errors.Text("vendorName", d.VendorName, 200, required: true);
        }
        errors.List("upstreamDependencies", d.UpstreamDependencies, (field, value) => errors.Text(field, value, MaxUriLength, required: true), 100);
        errors.List("lineageUris", d.LineageUris, (field, value) => errors.Uri(field, value, httpOnly: false), 100);
        errors.List("deploymentEndpoints", d.DeploymentEndpoints, (field, e) =>
        {
            errors.Text($"{field}.environment", e.Environment, 50, required: true);
            errors.Uri($"{field}.url", e.Url, httpOnly: true);
            errors.Text($"{field}.region", e.Region, 50);
        });
        errors.List("monitoringLinks", d.MonitoringLinks, (field, l) =>
        {
            errors.Text($"{field}.label", l.Label, 200, required: true);
            errors.Uri($"{field}.url", l.Url, httpOnly: true);
        });
        errors.List("tags", d.Tags, (field, tag) =>
        {
            if (tag is null || !Tag().IsMatch(tag))
            {
                errors.Add(field, "A tag is 1-50 characters: letters, digits and . _ : - (starting with a letter or digit).");
            }
        });
    }

    public static Dictionary<string, string[]> ValidateVersion(AddVersionRequest request)
    {
        var errors = new Errors();
        errors.Text("version", request.Version, 100, required: true);
        errors.Uri("artifactUri", request.ArtifactUri, httpOnly: false);
        errors.Text("trainingDataReference", request.TrainingDataReference, MaxUriLength);
        return errors.Result;
    }

    public static Dictionary<string, string[]> ValidateTransition(LifecycleTransitionRequest request)
    {
        var errors = new Errors();
        if (request.To is null)
        {
            errors.Add("to", $"Required: one of {string.Join(", ", Enum.GetNames<LifecycleStatus>())}.");
        }
        else
        {
            errors.Defined("to", request.To.Value);
        }
        errors.Text("reason", request.Reason, 2000, multiline: true);
        return errors.Result;
    }

    public static Dictionary<string, string[]> ValidateRiskTier(RiskTierRequest request)
    {
        var errors = new Errors();
        if (request.Tier is null)
        {
            errors.Add("tier", $"Required: one of {string.Join(", ", Enum.GetNames<RiskTier>())}.");
        }
        else
        {
            errors.Defined("tier", request.Tier.Value);
        }
        errors.Text("rationale", request.Rationale, 4000, required: true, multiline: true);
        return errors.Result;
    }

    private sealed class Errors
    {
        public Dictionary<string, string[]> Result { get; } = [];

        public void Add(string field, string message) =>
            Result[field] = Result.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        public void Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                Add(field, $"One of {string.Join(", ", Enum.GetNames<TEnum>())}.");
            }
        }

        public void Slug(string field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                Add(field, "Required.");
            }
            else if (!IsSlug(value))
            {
                Add(field, "A slug: 1-64 lowercase letters, digits and hyphens, starting and ending with a letter or digit.");
            }
        }

        /// <param name="multiline">Tabs and line breaks are allowed (free text); other control characters never are.</param>
        public void Text(string field, string? value, int maxLength, bool required = false, bool multiline = false)
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                Add(field, "Required.");
            }
            else if (value is not null && value.Length > maxLength)
            {
                Add(field, $"At most {maxLength} characters.");
            }
            else if (value is not null && !IsPrintable(value, multiline))
            {
                Add(field, multiline
                    ? "Text without control characters (tabs and line breaks are fine) or broken characters."
                    : "One line of text without control characters or broken characters.");
            }
        }

        // Control characters (NUL, escape sequences) and unpaired UTF-16 surrogates corrupt exports and logs downstream.
        private static bool IsPrintable(string value, bool multiline)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c) || (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r')))
                {
                    return false;
                }
            }
            return true;
        }

        public void Uri(string field, string? value, bool httpOnly)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "Required.");
            }
            else if (value.Length > MaxUriLength || !IsPrintable(value, multiline: false) || !System.Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || (httpOnly && uri.Scheme is not ("http" or "https")))
            {
                Add(field, httpOnly ? "An absolute http(s) URL of at most 2000 characters." : "An absolute URI of at most 2000 characters.");
            }
        }

        public void List<T>(string field, IReadOnlyList<T>? items, Action<string, T> validateItem, int maxItems = MaxListItems)
        {
            if (items is null)
            {
                return;
            }
            if (items.Count > maxItems)
            {
                Add(field, $"At most {maxItems} items.");
                return;
            }
            for (var i = 0; i < items.Count; i++)
            {
                validateItem($"{field}[{i}]", items[i]);
            }
        }
    }
}
