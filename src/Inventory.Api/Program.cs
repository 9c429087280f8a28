using ModelRisk.Inventory;
using ModelRisk.Inventory.Data;
using ModelRisk.ServiceKit.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddInventory();
var app = builder.Build();

// `--migrate` applies the schema and exits: a separate step (Aspire resource, Kubernetes Job), never request handling.
if (await app.MigrateIfRequestedAsync<InventoryDbContext>(args))
{
    return;
}

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapInventory();
app.Run();

public partial class Program;
