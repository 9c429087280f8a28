using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ModelRisk.ServiceDefaults;

namespace ModelRisk.ServiceDefaults.Tests;

public sealed class BadRequestExceptionHandlerTests
{
    // Applies the platform's customization, as the IProblemDetailsService that AddServiceDefaults configures does.
    private sealed class CapturingProblemDetails : IProblemDetailsService
    {
        public ProblemDetailsContext? Written { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.CustomizeProblem(context);
            Written = context;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
        {
            Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.CustomizeProblem(context);
            Written = context;
            return ValueTask.FromResult(true);
        }
    }

    private static async Task<(bool Handled, HttpContext Context, HttpValidationProblemDetails? Problem)> HandleAsync(Exception exception)
    {
        var problems = new CapturingProblemDetails();
        var context = new DefaultHttpContext();
        var handled = await new BadRequestExceptionHandler(problems).TryHandleAsync(context, exception, CancellationToken.None);
        return (handled, context, problems.Written?.ProblemDetails as HttpValidationProblemDetails);
    }

    [Fact]
    public async Task Malformed_json_is_named_by_its_json_path()
    {
        var json = new JsonException("bad", "$.deploymentEndpoints[0].url", 1, 10);
        var (handled, context, problem) = await HandleAsync(new BadHttpRequestException("Failed to read parameter", 400, json));

        Assert.True(handled);
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal(ApiProblems.ValidationType, problem!.Type);
        Assert.Equal(["deploymentEndpoints[0].url"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData("Failed to bind parameter \"Nullable<RiskTier> Tier\" from \"Extreme\".", "tier")]
    [InlineData("Failed to bind parameter \"Nullable<int> Limit\" from \"ten\".", "limit")]
    [InlineData("Failed to bind parameter \"Dictionary<string, int> Weights\" from \"x\".", "weights")]
    [InlineData("Required parameter \"string id\" was not provided from route.", "id")]
    [InlineData("Implicit body inferred for parameter \"request\" but no body was provided.", "body")]
    [InlineData("Unexpected end of request content.", "body")]
    public async Task A_value_that_does_not_bind_is_named_by_its_parameter(string message, string field)
    {
        var (_, _, problem) = await HandleAsync(new BadHttpRequestException(message, 400));
        Assert.Equal([field], problem!.Errors.Keys);
        Assert.Equal([message], problem.Errors[field]);
    }

    [Fact]
    public async Task A_body_too_large_is_413_payload_too_large()
    {
        var (handled, context, problem) = await HandleAsync(new BadHttpRequestException("Request body too large.", 413));
        Assert.True(handled);
        Assert.Equal(413, context.Response.StatusCode);
        Assert.Equal("https://model-risk.dev/problems/payload-too-large", problem!.Type);
    }

    [Fact]
    public async Task Other_exceptions_are_left_to_the_default_handler()
    {
        var (handled, _, problem) = await HandleAsync(new InvalidOperationException("boom"));
        Assert.False(handled);
        Assert.Null(problem);
    }
}
