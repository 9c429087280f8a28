using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelRisk.ServiceDefaults.Identity;
using ModelRisk.TestSupport;

namespace ModelRisk.Gateway.Tests;

/// <summary>
/// Every route of the shipped route table is guarded by its own policy at the gateway: a token holding every platform
/// role except the ones the policy allows is 403 before the service, each allowed role passes, and no writing route
/// lets the read-only auditor through. Generated from the table, so a new route is covered the day it is added.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RoutePolicyTests(GatewayFixture fixture)
{
    public static TheoryData<string, string> RouteMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in RouteTable.Routes())
        {
            foreach (var method in route.Methods)
            {
                data.Add(route.Id, method);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RouteMethods))]
    public async Task A_token_without_the_routes_role_is_403_at_the_gateway(string routeId, string method)
    {
        var route = RouteTable.Get(routeId);
        var allowed = await AllowedRolesAsync(route);
        var path = route.SamplePath();
        var token = TestIdentity.Token("lacks-" + routeId, PlatformRoles.All.Except(allowed), ["acme-lending"]);

        var response = await fixture.Gateway.ClientWithToken(token).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
            $"{routeId} {method} {path} with roles [{string.Join(", ", PlatformRoles.All.Except(allowed))}]: got {(int)response.StatusCode}");
        Assert.DoesNotContain(path, fixture.Backend.Received);
    }

    [Theory]
    [MemberData(nameof(RouteMethods))]
    public async Task Each_role_the_routes_policy_allows_passes_the_gateway(string routeId, string method)
    {
        var route = RouteTable.Get(routeId);

        foreach (var role in await AllowedRolesAsync(route))
        {
            var response = await fixture.Gateway.ClientWithToken(TestIdentity.Token("holds-" + role, [role], ["acme-lending"]))
                .SendAsync(new HttpRequestMessage(new HttpMethod(method), route.SamplePath()));

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{routeId} {method} as {role}: got {(int)response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(RouteMethods))]
    public async Task No_writing_route_lets_the_read_only_auditor_through(string routeId, string method)
    {
        if (!RouteTable.WritingMethods.Contains(method))
        {
            return;
        }
        var path = RouteTable.Get(routeId).SamplePath();

        var response = await fixture.Gateway.ClientWithToken(TestIdentity.Auditor()).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{routeId} {method} as auditor: got {(int)response.StatusCode}");
        Assert.DoesNotContain(path, fixture.Backend.Received);
    }

    /// <summary>
    /// Policies that no gateway route names, each for its reason. Any other policy of <see cref="PlatformPolicies"/> guards
    /// some route, so a service's new policy that the gateway forgets (its writes would fall to the catch-all's wider
    /// policy) fails here.
    /// </summary>
    private static readonly Dictionary<string, string> PoliciesNoRouteNames = new(StringComparer.Ordinal)
    {
        [PlatformPolicies.Authenticated] = "the services' own OpenAPI documents; the gateway's document routes use api-docs",
        [PlatformPolicies.RiskTierWrite] = "Inventory's retired PUT risk-tier, which answers 409 behind the inventory-write catch-all",
    };

    [Fact]
    public void Every_platform_policy_guards_some_gateway_route()
    {
        var defined = typeof(PlatformPolicies).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        var named = RouteTable.Routes().Select(r => r.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);

        Assert.Contains(PlatformPolicies.MonitoringAnyWrite, defined);
        var unrouted = defined.Where(p => !named.Contains(p) && !PoliciesNoRouteNames.ContainsKey(p)).ToList();
        Assert.True(unrouted.Count == 0, "policies no gateway route names: " + string.Join(", ", unrouted));
        Assert.All(PoliciesNoRouteNames.Keys, p => Assert.DoesNotContain(p, named));
    }

    [Theory]
    [InlineData("inventory")]
    [InlineData("assessment")]
    [InlineData("findings")]
    [InlineData("monitoring")]
    public void Every_service_has_a_read_and_a_write_catch_all_and_its_document_route(string service)
    {
        var routes = RouteTable.Routes().Where(r => r.PathTemplate.StartsWith($"/api/{service}/", StringComparison.Ordinal)
            || r.PathTemplate == $"/openapi/{service}.json").ToList();

        Assert.Contains(routes, r => r.PathTemplate == $"/api/{service}/{{**rest}}" && r.Methods.Order().SequenceEqual(["GET", "HEAD"]));
        Assert.Contains(routes, r => r.PathTemplate == $"/api/{service}/{{**rest}}" && r.Methods.Order().SequenceEqual(WritingMethods()));
        Assert.Contains(routes, r => r.PathTemplate == $"/openapi/{service}.json" && r.Policy == "api-docs");
        Assert.All(routes, r => Assert.Equal(service, RouteTable.Settings()["ReverseProxy"]!["Routes"]![r.Id]!["ClusterId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("POST", "/api/monitoring/plans", PlatformPolicies.MonitoringPlanWrite)]
    [InlineData("PUT", "/api/monitoring/plans/{id}", PlatformPolicies.MonitoringPlanWrite)]
    [InlineData("DELETE", "/api/monitoring/plans/{id}", PlatformPolicies.MonitoringPlanWrite)]
    [InlineData("POST", "/api/monitoring/plans/{id}/evaluations", PlatformPolicies.MonitoringPlanWrite)]
    [InlineData("POST", "/api/monitoring/points", PlatformPolicies.MonitoringIngest)]
    [InlineData("POST", "/api/monitoring/predictions", PlatformPolicies.MonitoringIngest)]
    [InlineData("POST", "/api/monitoring/labels", PlatformPolicies.MonitoringIngest)]
    [InlineData("POST", "/api/monitoring/alerts/{id}/acknowledge", PlatformPolicies.MonitoringAlertWrite)]
    [InlineData("POST", "/api/monitoring/{**rest}", PlatformPolicies.MonitoringAnyWrite)]
    [InlineData("GET", "/api/monitoring/{**rest}", PlatformPolicies.MonitoringRead)]
    public void Each_monitoring_write_has_the_policy_the_service_agreed_on(string method, string path, string policy)
    {
        var route = Assert.Single(RouteTable.Routes(), r => r.PathTemplate == path && r.Methods.Contains(method));

        Assert.Equal(policy, route.Policy);
    }

    private static string[] WritingMethods() => [.. RouteTable.WritingMethods.Order()];

    /// <summary>
    /// The roles the route's policy admits, from the policy the gateway itself registered under that name. A route
    /// that names no policy fails here: it would fall back to "any valid token".
    /// </summary>
    private async Task<IReadOnlyList<string>> AllowedRolesAsync(RouteTable.Route route)
    {
        Assert.True(route.Policy is not null, $"route {route.Id} names no AuthorizationPolicy: any valid token would pass it");
        var policy = await fixture.Gateway.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(route.Policy);
        Assert.True(policy is not null, $"route {route.Id} names policy '{route.Policy}', which the gateway does not define");
        var roles = Assert.Single(policy.Requirements.OfType<RolesAuthorizationRequirement>()).AllowedRoles.ToList();
        Assert.NotEmpty(roles);
        return roles;
    }
}
