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
        builder.AddServiceDatabase<InventoryDbContext, SqliteInventoryDbContext, SqlServerInventoryDbContext>(InventoryDbContext.ConnectionName);
        builder.AddPlatformMessaging<InventoryDbContext>("inventory", bus =>
        {
            bus.AddConsumer<ModelTieredConsumer>();
            bus.AddConsumer<ReviewDecidedConsumer>();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ImportOptions>().Bind(builder.Configuration.GetSection("Inventory:Import"));
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication MapInventory(this WebApplication app)
    {
        app.MapModelEndpoints();
        app.MapImportEndpoints();
        app.MapGrpcService<InventoryGrpcService>();
        return app;
    }
}
