using ModelRisk.ServiceKit.Http;

namespace ModelRisk.Assessment.Models.Mra;

public static class MraValidation
{
    public static FieldErrors Validate(MraContent mra)
    {
        var errors = new FieldErrors();
        errors.Text("useCase", mra.UseCase, 4000, required: true);
        errors.Text("deploymentContext", mra.DeploymentContext, 4000, required: true);
        errors.List("affectedPeople", mra.AffectedPeople, (f, v) => errors.Text(f, v, 500, required: true), required: true);
        errors.List("failureModes", mra.FailureModes, (f, v) => errors.Text(f, v, 1000, required: true), 100);
        errors.List("threats", mra.Threats, (f, t) =>
        {
            OneOf(errors, $"{f}.category", t.Category, MraVocabulary.ThreatCategories);
            errors.Text($"{f}.description", t.Description, 2000, required: true);
            OneOf(errors, $"{f}.nistFunction", t.NistFunction, MraVocabulary.NistFunctions);
        }, 100);
        errors.List("harms", mra.Harms, (f, h) =>
        {
            errors.Text($"{f}.who", h.Who, 500, required: true);
            errors.Text($"{f}.description", h.Description, 2000, required: true);
            errors.Range($"{f}.severity", h.Severity, 1, 5, required: true);
            errors.Range($"{f}.likelihood", h.Likelihood, 1, 5, required: true);
            OneOf(errors, $"{f}.nistFunction", h.NistFunction, MraVocabulary.NistFunctions);
        }, 100);
        errors.List("controls", mra.Controls, (f, c) =>
        {
            errors.Text($"{f}.description", c.Description, 2000, required: true);
            errors.Text($"{f}.owner", c.Owner, 200, required: true);
            OneOf(errors, $"{f}.status", c.Status, MraVocabulary.ControlStatuses);
            errors.Text($"{f}.evidence", c.Evidence, 2000, required: c.Status == "verified");
            OneOf(errors, $"{f}.nistFunction", c.NistFunction, MraVocabulary.NistFunctions);
        }, 100);
        Rating(errors, "inherentRisk", mra.InherentRisk);
        Rating(errors, "residualRisk", mra.ResidualRisk);
        if (mra.InherentRisk?.Score is { } inherent && mra.ResidualRisk?.Score is { } residual && residual > inherent)
        {
            errors.Add("residualRisk", $"Residual risk ({residual}) cannot exceed inherent risk ({inherent}): controls do not add risk.");
        }
        return errors;
    }

    private static void Rating(FieldErrors errors, string field, RiskRating? rating)
    {
        if (rating is null)
        {
            errors.Add(field, "Required: likelihood and impact, each 1 to 5.");
            return;
        }
        errors.Range($"{field}.likelihood", rating.Likelihood, 1, 5, required: true);
        errors.Range($"{field}.impact", rating.Impact, 1, 5, required: true);
    }

    private static void OneOf(FieldErrors errors, string field, string? value, string[] allowed)
    {
        if (value is null || !allowed.Contains(value))
        {
            errors.Add(field, $"One of {string.Join(", ", allowed)}.");
        }
    }
}
