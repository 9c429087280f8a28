using System.Net;
using System.Text;
using ModelRisk.Inventory.Tests.Infrastructure;
using ModelRisk.TestSupport;

namespace ModelRisk.Inventory.Tests;

/// <summary>A value of the wrong type is a 400 naming the field and what it should be, in words a client knows, not .NET type names.</summary>
[Collection(InventoryCollection.Name)]
public sealed class BindingErrorTests(InventoryFactory factory)
{
    private readonly string _org = Api.NewOrg("bind");

    private HttpClient Owner => factory.ClientWithToken(TestIdentity.ModelOwner(_org));

    private static readonly string[] TypeNames = ["System.", "Nullable", "Int32", "Boolean", "`1", "<", "ModelRisk."];

    private static async Task AssertPlainAsync(HttpResponseMessage response, string field, string expected)
    {
        var problem = await response.ValidationProblemAsync(field);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.Equal(expected, message);
        Assert.All(TypeNames, name => Assert.DoesNotContain(name, problem.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("limit=ten", "limit", "Expected a whole number.")]
    [InlineData("tier=Extreme", "tier", "Expected one of Unassigned, Low, Medium, High, Critical.")]
    [InlineData("status=Deployed", "status", "Expected one of Proposed, InDevelopment, InValidation, Approved, InProduction, Retired, Suspended.")]
    public async Task A_query_value_of_the_wrong_type(string query, string field, string expected) =>
        await AssertPlainAsync(await Owner.GetAsync($"{Api.Models}?{query}"), field, expected);

    [Fact]
    public async Task A_query_flag_that_is_not_a_boolean()
    {
        var response = await Owner.PostAsync($"{Api.Models}/import?dryRun=maybe", new StringContent("org,key\n", Encoding.UTF8, "text/csv"));
        await AssertPlainAsync(response, "dryRun", "Expected true or false.");
    }

    [Theory]
    [InlineData("""{"org":"o","key":"k","name":"n","owner":"o","modelType":"Classification","tags":"one"}""", "tags", "Expected a list.")]
    [InlineData("""{"org":"o","key":"k","name":"n","owner":"o","modelType":"Spreadsheet"}""", "modelType", "Expected one of Classification, Regression, Ranking, AnomalyDetection, Forecasting, LlmGenAi, RuleBased.")]
    [InlineData("""{"org":"o","key":"k","name":17,"owner":"o","modelType":"Classification"}""", "name", "Expected a text value.")]
    [InlineData("""[1, 2]""", "body", "Expected a JSON object of the documented shape.")]
    public async Task A_body_value_of_the_wrong_type(string json, string field, string expected)
    {
        var response = await Owner.PostAsync(Api.Models, new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertPlainAsync(response, field, expected);
        Assert.Equal(0, await factory.ModelCountAsync(_org));
    }

    [Fact]
    public async Task A_route_value_that_names_no_model_is_404_not_a_binding_error()
    {
        // Ids are opaque strings, so any route value binds; what it names is then looked up in the caller's orgs.
        await (await Owner.GetAsync($"{Api.Models}/not-a-model")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
