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
    [InlineData("Failed to bind parameter \"Nullable<RiskTier> Tier\" from \"Extreme\".", "tier", "Expected one of Unassigned, Low, Medium, High, Critical.")]
    [InlineData("Failed to bind parameter \"Nullable<int> Limit\" from \"ten\".", "limit", "Expected a whole number.")]
    [InlineData("Failed to bind parameter \"Guid Id\" from \"abc\".", "id", "Expected an id such as 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.")]
    [InlineData("Failed to bind parameter \"Nullable<bool> DryRun\" from \"maybe\".", "dryRun", "Expected true or false.")]
    [InlineData("Failed to bind parameter \"Dictionary<string, int> Weights\" from \"x\".", "weights", "Expected a JSON object.")]
    [InlineData("Required parameter \"string id\" was not provided from route.", "id", "Required.")]
    [InlineData("Implicit body inferred for parameter \"request\" but no body was provided.", "body", "A JSON body of the documented shape is required.")]
    [InlineData("Failed to read parameter \"RegisterModelRequest request\" from the request body as JSON.", "body", "A JSON body of the documented shape is required.")]
    [InlineData("Unexpected end of request content.", "body", "Unexpected end of request content.")]
    public async Task A_value_that_does_not_bind_is_named_by_its_parameter_in_plain_words(string message, string field, string reason)
    {
        var (_, _, problem) = await HandleAsync(new BadHttpRequestException(message, 400));
        Assert.Equal([field], problem!.Errors.Keys);
        Assert.Equal([reason], problem.Errors[field]);
    }

    [Theory]
    [InlineData("The JSON value could not be converted to System.Int32. Path: $.limit | LineNumber: 0 | BytePositionInLine: 12.", "$.limit", "limit", "Expected a whole number.")]
    [InlineData("The JSON value could not be converted to System.Nullable`1[ModelRisk.ServiceDefaults.Tests.BadRequestExceptionHandlerTests+RiskTier]. Path: $.tier | LineNumber: 0 | BytePositionInLine: 9.", "$.tier", "tier", "Expected one of Unassigned, Low, Medium, High, Critical.")]
    [InlineData("The JSON value could not be converted to System.Collections.Generic.IReadOnlyList`1[System.String]. Path: $.tags | LineNumber: 0 | BytePositionInLine: 9.", "$.tags", "tags", "Expected a list.")]
    [InlineData("The JSON value could not be converted to ModelRisk.Inventory.Features.Models.RegisterModelRequest. Path: $ | LineNumber: 0 | BytePositionInLine: 1.", "$", "body", "Expected a JSON object of the documented shape.")]
    [InlineData("'}' is an invalid start of a value. Path: $.name | LineNumber: 0 | BytePositionInLine: 9.", "$.name", "name", "The body is not well-formed JSON here.")]
    public async Task A_json_value_of_the_wrong_type_is_named_by_its_path_in_plain_words(string message, string path, string field, string reason)
    {
        var json = new JsonException(message, path, 0, 1);
        var (_, _, problem) = await HandleAsync(new BadHttpRequestException("Failed to read parameter \"RegisterModelRequest request\" from the request body as JSON.", 400, json));

        Assert.Equal([field], problem!.Errors.Keys);
        Assert.Equal([reason], problem.Errors[field]);
        Assert.DoesNotContain("System.", problem.Errors[field][0], StringComparison.Ordinal);
    }

    // Stands in for a service's enum: the handler finds enums by name in the loaded assemblies.
    public enum RiskTier
    {
        Unassigned,
        Low,
        Medium,
        High,
        Critical,
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
