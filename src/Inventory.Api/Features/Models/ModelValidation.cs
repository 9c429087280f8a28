using System.Text.RegularExpressions;
using ModelRisk.Inventory.Models;
using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Inventory.Features.Models;

/// <summary>Field-level rules for every model input; the errors name the field as the client sent it.</summary>
public static partial class ModelValidation
{
    public const int MaxListItems = 50;

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]{0,49}$", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    public static Dictionary<string, string[]> ValidateRegistration(RegisterModelRequest request)
    {
        var errors = new FieldErrors();
        errors.Slug("org", request.Org);
        errors.Slug("key", request.Key);
        errors.Defined("modelType", request.ModelType, required: true);
        ValidateDetails(errors, request.MergeInto(ModelDetails.Empty), request.Name, request.Owner);
        return errors.Result;
    }

    public static Dictionary<string, string[]> ValidateDetails(ModelDetails details)
    {
        var errors = new FieldErrors();
        ValidateDetails(errors, details, details.Name, details.Owner);
        return errors.Result;
    }

    private static void ValidateDetails(FieldErrors errors, ModelDetails d, string? name, string? owner)
    {
        errors.Text("name", name, 200, required: true, multiline: false);
        errors.Text("owner", owner, 200, required: true, multiline: false);
        // JSON also binds enums from numbers; a number that names no member must not reach the database.
        if (!errors.Result.ContainsKey("modelType"))
        {
            errors.Defined<ModelType>("modelType", d.ModelType);
        }
        errors.Defined<Sourcing>("sourcing", d.Sourcing);
        errors.Text("description", d.Description, 4000);
        errors.Text("developerTeam", d.DeveloperTeam, 200, multiline: false);
        errors.Text("intendedUse", d.IntendedUse, 4000);
        errors.List("restrictions", d.Restrictions, (field, value) => errors.Text(field, value, 1000, required: true), MaxListItems);
        if (d.Sourcing == Sourcing.Vendor)
        {
            errors.Text("vendorName", d.VendorName, 200, required: true, multiline: false);
        }
        errors.List("upstreamDependencies", d.UpstreamDependencies,
            (field, value) => errors.Text(field, value, FieldErrors.MaxUriLength, required: true, multiline: false), 100);
        errors.List("lineageUris", d.LineageUris, (field, value) => errors.Uri(field, value, httpOnly: false), 100);
        errors.List("deploymentEndpoints", d.DeploymentEndpoints, (field, e) =>
        {
            errors.Text($"{field}.environment", e.Environment, 50, required: true, multiline: false);
            errors.Uri($"{field}.url", e.Url, httpOnly: true);
            errors.Text($"{field}.region", e.Region, 50, multiline: false);
        }, MaxListItems);
        errors.List("monitoringLinks", d.MonitoringLinks, (field, l) =>
        {
            errors.Text($"{field}.label", l.Label, 200, required: true, multiline: false);
            errors.Uri($"{field}.url", l.Url, httpOnly: true);
        }, MaxListItems);
        errors.List("tags", d.Tags, (field, tag) =>
        {
            if (tag is null || !Tag().IsMatch(tag))
            {
                errors.Add(field, "A tag is 1-50 characters: letters, digits and . _ : - (starting with a letter or digit).");
            }
        }, MaxListItems);
    }

    public static Dictionary<string, string[]> ValidateVersion(AddVersionRequest request)
    {
        var errors = new FieldErrors();
        errors.Text("version", request.Version, 100, required: true, multiline: false);
        errors.Uri("artifactUri", request.ArtifactUri, httpOnly: false);
        errors.Text("trainingDataReference", request.TrainingDataReference, FieldErrors.MaxUriLength, multiline: false);
        return errors.Result;
    }

    public static Dictionary<string, string[]> ValidateTransition(LifecycleTransitionRequest request)
    {
        var errors = new FieldErrors();
        errors.Defined("to", request.To, required: true);
        errors.Text("reason", request.Reason, 2000);
        return errors.Result;
    }
}
