using ModelRisk.Inventory.Data;
using ModelRisk.Inventory.Features.FromAssessment;
using ModelRisk.Inventory.Features.Import;
using ModelRisk.Inventory.Features.Models;
using ModelRisk.Inventory.Grpc;
using ModelRisk.Messaging;
using ModelRisk.ServiceKit.Data;

namespace ModelRisk.Inventory;

/// <summary>The Inventory service's composition root: its database, bus and consumers, and endpoints.</summary>
public static class InventoryModule
{
    /// <summary>Request bodies beyond this are refused with 413; bulk import sets its own, larger limit.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddInventory(this WebApplicationBuilder builder)
    {
        // Pooled: InventoryDbContext keeps no state of its own, and a fresh context per request was a tenth of a GET's CPU (ADR 060).
        builder.AddServiceDatabase<InventoryDbContext, SqliteInventoryDbContext, SqlServerInventoryDbContext>(InventoryDbContext.ConnectionName, pooled: true);
        builder.AddPlatformMessaging<InventoryDbContext>("inventory", bus =>
        {
            bus.AddConsumer<ModelTieredConsumer>();
            bus.AddConsumer<ReviewDecidedConsumer>();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ImportOptions>().Bind(builder.Configuration.GetSection(ImportOptions.SectionName))
            .Validate(o => o.IsValid(), $"{ImportOptions.SectionName} needs positive limits, with MaxCellBytes at most MaxRowBytes.")
            .ValidateOnStart();
        builder.Services.AddImportConcurrencyLimit();
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = builder.Environment.IsDevelopment());
        builder.AddPlatformOpenApi("Inventory",
            "The model inventory: every model with its owners, intended use, versions, lifecycle status and risk tier, scoped to the caller's orgs. "
            + "Call it through the gateway at /api/inventory with a bearer token from the platform's realm.",
            new Dictionary<string, string>
            {
                ["Models"] = "Register, read and change models, their versions, lifecycle and risk tier.",
                ["Import and export"] = "Bulk import from CSV or JSON lines with a per-row report, and export in the same columns.",
            });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication MapInventory(this WebApplication app)
    {
        // The bulk import's concurrency limit (ImportConcurrency); the other middleware is the common Program.cs shape.
        app.UseRateLimiter();
        app.MapModelEndpoints();
        app.MapImportEndpoints();
        app.MapGrpcService<InventoryGrpcService>();
        return app;
    }
}
