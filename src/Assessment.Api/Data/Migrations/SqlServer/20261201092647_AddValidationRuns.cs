using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelRisk.Assessment.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddValidationRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "validation_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Org = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ReviewId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelVersionId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ModelOwner = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    DatasetId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ReferenceDatasetId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    ScoreColumn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LabelColumn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    GroupColumn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    DriftColumns = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Threshold = table.Column<double>(type: "float", nullable: false),
                    PlanName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CustomPlan = table.Column<bool>(type: "bit", nullable: false),
                    JobSpecJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ShardCount = table.Column<int>(type: "int", nullable: true),
                    ShardsDone = table.Column<int>(type: "int", nullable: false),
                    RowsRead = table.Column<long>(type: "bigint", nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ResultSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ReportKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    FailureReason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    SubmittedBy = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CancelledBy = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    tests = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_validation_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "validation_run_shards",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Index = table.Column<int>(type: "int", nullable: false),
                    Unit = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Start = table.Column<long>(type: "bigint", nullable: false),
                    End = table.Column<long>(type: "bigint", nullable: false),
                    Done = table.Column<bool>(type: "bit", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Worker = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_validation_run_shards", x => new { x.RunId, x.Index });
                    table.ForeignKey(
                        name: "FK_validation_run_shards_validation_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "validation_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_validation_runs_ModelId",
                table: "validation_runs",
                column: "ModelId");

            migrationBuilder.CreateIndex(
                name: "IX_validation_runs_Org_Id",
                table: "validation_runs",
                columns: new[] { "Org", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_validation_runs_ReviewId",
                table: "validation_runs",
                column: "ReviewId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "validation_run_shards");

            migrationBuilder.DropTable(
                name: "validation_runs");
        }
    }
}
