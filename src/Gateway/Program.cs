using ModelRisk.Gateway;
using ModelRisk.Gateway.Correlation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPlatformAuthentication();
builder.AddGateway();
var app = builder.Build();

// The services' shape, plus what only the entry point does: the caller's real address first, a correlation id on
// every response, and the per-client rate limit between authentication and authorization, so anonymous floods are
// limited by address before they cost a policy evaluation. The gateway has no database, so no `--migrate` step.
app.UseForwardedHeaders();
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseServiceDefaults();
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();
