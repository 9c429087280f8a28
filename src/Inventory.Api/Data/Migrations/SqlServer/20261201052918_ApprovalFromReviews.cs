using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelRisk.Inventory.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ApprovalFromReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovedByReviewId",
                table: "models",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedVersionId",
                table: "models",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApprovedByReviewId",
                table: "models");

            migrationBuilder.DropColumn(
                name: "ApprovedVersionId",
                table: "models");
        }
    }
}
