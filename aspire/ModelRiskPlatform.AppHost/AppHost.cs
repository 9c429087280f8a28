using Microsoft.Extensions.Configuration;
using Aspire.Hosting.ApplicationModel;
using ModelRisk.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var layout = RepositoryLayout.From(builder.AppHostDirectory, builder.Configuration);
var mode = PlatformModeDetection.Detect(builder.Configuration);

var infrastructure = mode == PlatformMode.Containers
    ? Infrastructure.AddContainers(builder, layout)
    : Infrastructure.AddLocal(builder, layout);

var inventory = builder.AddPlatformService<Projects.Inventory_Api>("inventory", infrastructure);

// Assessment reads models from Inventory over gRPC, with the caller's token.
var assessment = builder.AddPlatformService<Projects.Assessment_Api>("assessment", infrastructure)
    .WithEnvironment("Inventory__GrpcAddress", inventory.GetEndpoint("grpc"))
    .WaitFor(inventory)
    .WithDecisionLogSigningKey(infrastructure)
    .WithDatasetStorage(infrastructure);

// Validation workers: competing consumers of one queue, each its own process. Platform:ValidationWorkers sets how many
// (two by default, so a run's shards spread over two processes even on a laptop).
var workers = builder.Configuration.GetValue("Platform:ValidationWorkers", 2);
var workerResources = new List<IResourceBuilder<ProjectResource>>();
for (var i = 1; i <= workers; i++)
{
    workerResources.Add(builder.AddValidationWorker($"validation-worker-{i}", infrastructure));
}

// Findings consumes Assessment's conditions and every source's FindingRaised; it signs the webhooks it sends.
var findings = builder.AddPlatformService<Projects.Findings_Api>("findings", infrastructure)
    .WithWebhookSigningSecret(infrastructure);

// Monitoring writes prediction logs and labels to the dataset store the workers read its windows from (jobs on the
// workers' queue), follows Inventory's model events, raises findings for critical alerts and signs its alert webhooks.
var monitoring = builder.AddPlatformService<Projects.Monitoring_Api>("monitoring", infrastructure)
    .WithDatasetStorage(infrastructure)
    .WithWebhookSigningSecret(infrastructure);

builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(inventory)
    .WithReference(assessment)
    .WithReference(findings)
    .WithReference(monitoring)
    .WithPlatformIdentity(infrastructure)
    .WithEnvironment("Gateway__AnonymousApiDocs", "true")
    .WaitFor(inventory)
    .WaitFor(assessment)
    .WaitFor(findings)
    .WaitFor(monitoring)
    // Every service and worker counts as healthy here once its bus has bound its queues (/health/startup), so the
    // platform opens to callers only when every event and job published has a queue to land in.
    .WaitForAll(workerResources)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Gateway")
    .WithUrls(context => context.Urls.Add(new ResourceUrlAnnotation
    {
        Url = context.Urls.First(u => u.Endpoint?.EndpointName == "http").Url + "/docs",
        DisplayText = "API docs (Scalar)",
    }));

builder.Build().Run();
