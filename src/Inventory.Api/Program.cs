using ModelRisk.Inventory;
using ModelRisk.Inventory.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddInventory();
var app = builder.Build();

// `--migrate` applies the schema and exits: a separate step (Aspire resource, Kubernetes Job), never request handling.
if (args.Contains("--migrate"))
{
    await InventoryDatabase.MigrateAsync(app.Services);
    return;
}

app.MapInventory();
app.Run();

public partial class Program;
