using ModelRisk.Findings;
using ModelRisk.Findings.Data;
using ModelRisk.ServiceKit.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddFindings();
var app = builder.Build();

// `--migrate` applies the schema and exits: a separate step (Aspire resource, Kubernetes Job), never request handling.
if (await app.MigrateIfRequestedAsync<FindingsDbContext>(args))
{
    return;
}

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapFindings();
app.Run();

public partial class Program;
