using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AuthServer.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Issue11Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One rule per subject (a family revoked twice, e.g. by concurrent reuse): keep the first.
            migrationBuilder.Sql("DELETE FROM \"Revocations\" WHERE \"Id\" NOT IN (SELECT MIN(\"Id\") FROM \"Revocations\" GROUP BY \"Kind\", \"Subject\");");

            // PKCE is now required for every client unless opted out (OAuth 2.1): API keys made before had no
            // requirement recorded, which meant "not required" (Developer Applications chose theirs on their page).
            migrationBuilder.Sql("UPDATE \"OpenIddictApplications\" SET \"Requirements\" = '[\"ft:pkce\"]' WHERE \"Kind\" = 0 AND (\"Requirements\" IS NULL OR \"Requirements\" = '[]');");

            migrationBuilder.CreateIndex(
                name: "IX_Revocations_Kind_Subject",
                table: "Revocations",
                columns: new[] { "Kind", "Subject" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Revocations_Kind_Subject",
                table: "Revocations");
        }
    }
}
