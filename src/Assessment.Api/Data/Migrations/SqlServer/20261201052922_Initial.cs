using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelRisk.Assessment.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "decision_log",
                columns: table => new
                {
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PreviousHash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_log", x => new { x.Org, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "decision_log_checkpoints",
                columns: table => new
                {
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    HeadHash = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Signature = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_log_checkpoints", x => new { x.Org, x.Sequence });
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
                name: "mra_revisions",
                columns: table => new
                {
                    ReviewId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Author = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mra_revisions", x => new { x.ReviewId, x.Number });
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
                name: "reviews",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModelVersionId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelVersion = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Tier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    TieringId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    RequiredEvidence = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    QuorumCount = table.Column<int>(type: "int", nullable: false),
                    QuorumRoles = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RenewalMonths = table.Column<int>(type: "int", nullable: false),
                    ModelRegistrant = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    VersionAuthors = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OwnerAtReview = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Submitters = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Validator = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    IntakeCompleteOnFirstSubmission = table.Column<bool>(type: "bit", nullable: true),
                    RenewalDue = table.Column<DateOnly>(type: "date", nullable: true),
                    MraRevisions = table.Column<int>(type: "int", nullable: false),
                    RevalidationReviewId = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    decision = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    evidence = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    past_decisions = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    transitions = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tiering_policies",
                columns: table => new
                {
                    Version = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PublishedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tiering_policies", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "tierings",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Answers = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    Score = table.Column<int>(type: "int", nullable: false),
                    ScoredTier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    PolicyTier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Rationale = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Drivers = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    HasGenAiExposure = table.Column<bool>(type: "bit", nullable: false),
                    EuHighRiskUse = table.Column<bool>(type: "bit", nullable: false),
                    OverrideTier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    OverrideJustification = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    OverriddenBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    OverriddenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tierings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_processed_at",
                table: "inbox_messages",
                column: "processed_at");

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
                name: "IX_reviews_ModelId",
                table: "reviews",
                column: "ModelId");

            migrationBuilder.CreateIndex(
                name: "IX_reviews_Org_Id",
                table: "reviews",
                columns: new[] { "Org", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_reviews_RenewalDue",
                table: "reviews",
                column: "RenewalDue");

            migrationBuilder.CreateIndex(
                name: "IX_reviews_State",
                table: "reviews",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_tierings_ModelId_Id",
                table: "tierings",
                columns: new[] { "ModelId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_tierings_Org_Id",
                table: "tierings",
                columns: new[] { "Org", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_log");

            migrationBuilder.DropTable(
                name: "decision_log_checkpoints");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "mra_revisions");

            migrationBuilder.DropTable(
                name: "outbox_lease");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "tiering_policies");

            migrationBuilder.DropTable(
                name: "tierings");
        }
    }
}
