using Microsoft.AspNetCore.Http.HttpResults;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.ServiceKit.Http;

/// <summary>The one place a refusal becomes a problem: every service answers the same kind with the same status and type.</summary>
public static class RefusalProblems
{
    /// <summary>The problem for a refusal; an Invalid one carries its field under <c>errors</c> like any validation problem.</summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => ApiProblems.NotFound(refusal.Message),
        RefusalKind.Forbidden => ApiProblems.Forbidden(refusal.Message),
        RefusalKind.Conflict => ApiProblems.Conflict(refusal.Message),
        RefusalKind.IllegalTransition => ApiProblems.IllegalTransition(refusal.Message),
        RefusalKind.Invalid => Microsoft.AspNetCore.Http.TypedResults.Problem(refusal.Message, statusCode: 400, title: "The request is not valid.",
            type: ApiProblems.ValidationType, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [refusal.Field ?? "body"] = [refusal.Message] } }),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, "Unknown refusal kind."),
    };
}
