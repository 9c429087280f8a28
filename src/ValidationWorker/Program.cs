using ModelRisk.ValidationWorker;

// Headless: no API, only /health, /alive and /metrics on the management port. The work arrives as messages.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddValidationWorker();
var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
