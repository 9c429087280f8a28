using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelRisk.Inventory.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditColumnsHoldAnyUsername : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
