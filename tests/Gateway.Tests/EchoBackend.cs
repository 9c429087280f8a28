using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelRisk.Gateway.Tests;

/// <summary>
/// A real Kestrel service on 127.0.0.1 (port 0) standing in for Inventory: it answers every request with what it
/// received (method, path, headers, body size), so a test sees exactly what the gateway forwarded.
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every path and query the backend received, so a test can prove the gateway kept a request back.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Received { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        _app = builder.Build();
        _app.MapGet("/openapi/v1.json", () => Results.Text(
            """{"openapi":"3.1.1","info":{"title":"Inventory","version":"v1"},"paths":{}}""", "application/json"));
        _app.Map("/{**path}", context =>
        {
            Received.Enqueue(context.Request.Path + context.Request.QueryString);
            return EchoAsync(context);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Address = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static async Task EchoAsync(HttpContext context)
    {
        long bodyBytes = 0;
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            bodyBytes += read;
        }
        var echo = new Echo(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            bodyBytes);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, echo, cancellationToken: context.RequestAborted);
    }
}

public sealed record Echo(string Method, string Path, Dictionary<string, string> Headers, long BodyBytes)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

