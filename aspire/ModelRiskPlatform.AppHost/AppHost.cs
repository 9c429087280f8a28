using Aspire.Hosting.ApplicationModel;
using ModelRisk.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var layout = RepositoryLayout.From(builder.AppHostDirectory, builder.Configuration);
var mode = PlatformModeDetection.Detect(builder.Configuration);

var infrastructure = mode == PlatformMode.Containers
    ? Infrastructure.AddContainers(builder, layout)
    : Infrastructure.AddLocal(builder, layout);

var inventoryMigrations = builder.AddProject<Projects.Inventory_Api>("inventory-migrations", o => o.ExcludeLaunchProfile = true)
    .WithArgs("--migrate")
    .WithInventoryDatabase(infrastructure)
    .WithParentRelationship(infrastructure.InventoryDatabaseParent);

var inventory = builder.AddProject<Projects.Inventory_Api>("inventory")
    .WithHttpEndpoint(name: "grpc", env: "INVENTORY_GRPC_PORT")
    .WithInventoryDatabase(infrastructure)
    .WithPlatformIdentity(infrastructure)
    .WithReference(infrastructure.RabbitMq)
    .WaitFor(infrastructure.RabbitMq)
    .WaitForCompletion(inventoryMigrations)
    .WithKestrelEndpoints()
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(inventory)
    .WithPlatformIdentity(infrastructure)
    .WithEnvironment("Gateway__AnonymousApiDocs", "true")
    .WaitFor(inventory)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Gateway")
    .WithUrls(context => context.Urls.Add(new ResourceUrlAnnotation
    {
        Url = context.Urls.First(u => u.Endpoint?.EndpointName == "http").Url + "/docs",
        DisplayText = "API docs (Scalar)",
    }));

builder.Build().Run();
