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
