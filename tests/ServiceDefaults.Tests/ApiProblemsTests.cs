using Microsoft.AspNetCore.Mvc;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.ServiceDefaults.Tests;

public sealed class ApiProblemsTests
{
    [Theory]
    [InlineData(400, ApiProblems.ValidationType)]
    [InlineData(401, ApiProblems.UnauthorizedType)]
    [InlineData(403, ApiProblems.ForbiddenType)]
    [InlineData(404, ApiProblems.NotFoundType)]
    [InlineData(413, ApiProblems.PayloadTooLargeType)]
    [InlineData(429, ApiProblems.RateLimitedType)]
    public void A_problem_with_the_frameworks_generic_type_gets_the_platform_type_for_its_status(int status, string type)
    {
        var problem = new ProblemDetails { Status = status, Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1", Title = "Bad Request" };

        ApiProblems.ApplyPlatformType(problem);

        Assert.Equal(type, problem.Type);
        Assert.NotEqual("Bad Request", problem.Title);
    }

    [Fact]
    public void An_explicit_type_and_an_unmapped_status_are_left_alone()
    {
        var illegal = new ProblemDetails { Status = 409, Type = ApiProblems.IllegalTransitionType, Title = "Not now." };
        var teapot = new ProblemDetails { Status = 418, Type = "https://tools.ietf.org/html/rfc2324" };

        ApiProblems.ApplyPlatformType(illegal);
        ApiProblems.ApplyPlatformType(teapot);

        Assert.Equal((ApiProblems.IllegalTransitionType, "Not now."), (illegal.Type, illegal.Title));
        Assert.Equal("https://tools.ietf.org/html/rfc2324", teapot.Type);
    }
}
