using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.ServiceDefaults.Tests;

public sealed class ETagsTests
{
    private static HttpRequest Request(params string[] ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch.Length > 0)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }
        return context.Request;
    }

    [Fact]
    public void The_etag_is_the_quoted_revision() => Assert.Equal("\"42\"", ETags.For(42));

    [Fact]
    public void Without_if_match_the_answer_is_428()
    {
        var problem = ETags.CheckIfMatch(Request(), 3);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status428PreconditionRequired, problem.StatusCode);
        Assert.Equal(ApiProblems.PreconditionRequiredType, problem.ProblemDetails.Type);
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("\"30\"")]
    [InlineData("3")]
    [InlineData("W/\"2\"")]
    [InlineData("W/\"3\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("")]
    public void A_stale_or_foreign_etag_is_412_with_the_current_one(string ifMatch)
    {
        var problem = ETags.CheckIfMatch(Request(ifMatch), 3);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status412PreconditionFailed, problem.StatusCode);
        Assert.Equal(ApiProblems.PreconditionFailedType, problem.ProblemDetails.Type);
        Assert.Equal("\"3\"", problem.ProblemDetails.Extensions["currentETag"]);
    }

    [Theory]
    [InlineData("\"3\"")]
    [InlineData(" \"3\" ")]
    [InlineData("*")]
    [InlineData("\"1\", \"3\"")]
    [InlineData("W/\"1\",\"2\",\"3\"")]
    public void The_current_etag_a_wildcard_or_a_list_containing_it_may_proceed(string ifMatch) =>
        Assert.Null(ETags.CheckIfMatch(Request(ifMatch), 3));

    [Fact]
    public void Any_of_several_if_match_headers_may_match()
    {
        Assert.Null(ETags.CheckIfMatch(Request("\"1\"", "\"3\""), 3));
        Assert.Equal(StatusCodes.Status412PreconditionFailed, ETags.CheckIfMatch(Request("\"1\"", "\"2\""), 3)?.StatusCode);
    }

    [Fact]
    public void Problem_results_carry_the_platform_types()
    {
        Assert.Equal(StatusCodes.Status404NotFound, ApiProblems.NotFound("x").StatusCode);
        var conflict = ApiProblems.Conflict("dup", new Dictionary<string, object?> { ["existingId"] = "m1" });
        Assert.Equal((409, ApiProblems.ConflictType, "m1"), (conflict.StatusCode, conflict.ProblemDetails.Type, conflict.ProblemDetails.Extensions["existingId"]));
        Assert.Equal(ApiProblems.IllegalTransitionType, ApiProblems.IllegalTransition("no").ProblemDetails.Type);
        var validation = ApiProblems.Validation(new Dictionary<string, string[]> { ["name"] = ["Required."] });
        Assert.Equal(400, validation.StatusCode);
        Assert.Equal(ApiProblems.ValidationType, validation.ProblemDetails.Type);
        Assert.Equal(["Required."], validation.ProblemDetails.Errors["name"]);
    }
}
