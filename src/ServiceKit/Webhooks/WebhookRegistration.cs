using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ModelRisk.ServiceKit.Webhooks;

/// <summary>
/// Signed outbound webhooks for a service (ADR 082): the delivery log table in its database, the options, the client
/// and the dispatcher that sends due deliveries with backoff. A service writes a <see cref="WebhookDelivery"/> in the
/// same transaction as the change that owes it; everything after that is here.
/// </summary>
public static class WebhookRegistration
{
    public static WebApplicationBuilder AddWebhookDelivery<TDbContext>(this WebApplicationBuilder builder) where TDbContext : DbContext
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.IsValid(), $"{WebhookOptions.SectionName} needs a SigningSecret of at least 32 characters (a secret of each environment) and positive limits.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookClient>();
        builder.Services.AddScoped<WebhookDispatcher<TDbContext>>();
        builder.Services.AddHostedService<WebhookDispatchService<TDbContext>>();
        return builder;
    }

    /// <summary>The delivery log's table, the same in every service that sends webhooks.</summary>
    public static ModelBuilder AddWebhookDeliveries(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookDelivery>(builder =>
        {
            builder.ToTable("webhook_deliveries");
            builder.HasKey(d => d.Id);
            builder.Property(d => d.Org).HasMaxLength(64).IsRequired();
            builder.Property(d => d.EventType).HasMaxLength(64).IsRequired();
            builder.Property(d => d.SubjectId).HasMaxLength(40).IsRequired();
            builder.Property(d => d.Url).HasMaxLength(2000).IsRequired();
            builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
            builder.HasIndex(d => new { d.Org, d.Id });
            builder.HasIndex(d => d.SubjectId);
            builder.OwnsMany(d => d.Attempts, a => a.ToJson("attempts"));
            builder.Navigation(d => d.Attempts).HasField("_attempts").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        return modelBuilder;
    }
}
