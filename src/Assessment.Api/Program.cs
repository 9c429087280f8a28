using ModelRisk.Assessment;
using ModelRisk.Assessment.Data;
using ModelRisk.ServiceKit.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddAssessment();
var app = builder.Build();

// `--migrate` applies the schema and exits: a separate step (Aspire resource, Kubernetes Job), never request handling.
if (await app.MigrateIfRequestedAsync<AssessmentDbContext>(args))
{
    return;
}

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapAssessment();
app.Run();

public partial class Program;
