using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelRisk.Monitoring.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    PlanId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Metric = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Series = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Column = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Severity = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Value = table.Column<double>(type: "float", nullable: false),
                    Threshold = table.Column<double>(type: "float", nullable: false),
                    FirstBreachAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FiredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LeadTime = table.Column<TimeSpan>(type: "time", nullable: false),
                    Breaches = table.Column<int>(type: "int", nullable: false),
                    LastValueAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FindingSourceKey = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "breach_trackers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    PlanId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Metric = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Series = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Consecutive = table.Column<int>(type: "int", nullable: false),
                    FirstBreachAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastPointAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FiringAlertId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breach_trackers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    PlanId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    WindowStart = table.Column<DateTime>(type: "datetime2", nullable: false),
                    WindowEnd = table.Column<DateTime>(type: "datetime2", nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Rows = table.Column<long>(type: "bigint", nullable: true),
                    LabelledRows = table.Column<long>(type: "bigint", nullable: true),
                    Worker = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    FailureReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Values = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    consumer = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    processed_at = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "log_batches",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    BatchId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Objects = table.Column<int>(type: "int", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_batches", x => new { x.ModelId, x.Kind, x.BatchId });
                });

            migrationBuilder.CreateTable(
                name: "log_objects",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    BatchId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    MinAt = table.Column<long>(type: "bigint", nullable: false),
                    MaxAt = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_objects", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "mandatory_tiers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Tiers = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mandatory_tiers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    RiskTier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Lifecycle = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    TierAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LifecycleAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.ModelId);
                });

            migrationBuilder.CreateTable(
                name: "outbox_lease",
                columns: table => new
                {
                    name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    holder = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    expires_at = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_lease", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    message_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    message_type = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    trace_parent = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    dispatched_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    parked_at = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelVersionId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ActiveSlot = table.Column<string>(type: "nvarchar(81)", maxLength: 81, nullable: true),
                    Metrics = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Window = table.Column<TimeSpan>(type: "time", nullable: false),
                    Schedule = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ReferenceDatasetId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    ReferenceKey = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true),
                    ReferenceFormat = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    GroupColumn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    AlertRoutes = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RunbookUrl = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    DashboardUrl = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Retraining = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ConsecutiveBreaches = table.Column<int>(type: "int", nullable: false),
                    ScheduledThrough = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NextWindowEnd = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "points",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Metric = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SeriesId = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Series = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "float", nullable: false),
                    Source = table.Column<int>(type: "int", nullable: false),
                    IngestedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_points", x => new { x.ModelId, x.Metric, x.SeriesId, x.At });
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    EventType = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubjectId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_ModelId_State",
                table: "alerts",
                columns: new[] { "ModelId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Org_Id",
                table: "alerts",
                columns: new[] { "Org", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_PlanId",
                table: "alerts",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_breach_trackers_PlanId",
                table: "breach_trackers",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_evaluations_PlanId_WindowStart",
                table: "evaluations",
                columns: new[] { "PlanId", "WindowStart" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_processed_at",
                table: "inbox_messages",
                column: "processed_at");

            migrationBuilder.CreateIndex(
                name: "IX_log_objects_ModelId_Kind_BatchId",
                table: "log_objects",
                columns: new[] { "ModelId", "Kind", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_log_objects_ModelId_Kind_MinAt_MaxAt",
                table: "log_objects",
                columns: new[] { "ModelId", "Kind", "MinAt", "MaxAt" });

            migrationBuilder.CreateIndex(
                name: "IX_models_Org_RiskTier",
                table: "models",
                columns: new[] { "Org", "RiskTier" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_dispatched_at_parked_at_id",
                table: "outbox_messages",
                columns: new[] { "dispatched_at", "parked_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_message_id",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plans_ActiveSlot",
                table: "plans",
                column: "ActiveSlot",
                unique: true,
                filter: "[ActiveSlot] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_plans_ModelId_Status",
                table: "plans",
                columns: new[] { "ModelId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_Org_Id",
                table: "plans",
                columns: new[] { "Org", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_plans_Status_NextWindowEnd",
                table: "plans",
                columns: new[] { "Status", "NextWindowEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Org_Id",
                table: "webhook_deliveries",
                columns: new[] { "Org", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Status_NextAttemptAt",
                table: "webhook_deliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_SubjectId",
                table: "webhook_deliveries",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "breach_trackers");

            migrationBuilder.DropTable(
                name: "evaluations");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "log_batches");

            migrationBuilder.DropTable(
                name: "log_objects");

            migrationBuilder.DropTable(
                name: "mandatory_tiers");

            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "outbox_lease");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "points");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");
        }
    }
}
