using ModelRisk.Monitoring;
using ModelRisk.Monitoring.Data;
using ModelRisk.ServiceKit.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddMonitoring();
var app = builder.Build();

// `--migrate` applies the schema and exits: a separate step (Aspire resource, Kubernetes Job), never request handling.
if (await app.MigrateIfRequestedAsync<MonitoringDbContext>(args))
{
    return;
}

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapMonitoring();
app.Run();

public partial class Program;
