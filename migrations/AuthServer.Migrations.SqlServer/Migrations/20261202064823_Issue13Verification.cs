using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AuthServer.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Issue13Verification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Participants_PeppolIdKey",
                table: "Participants");

            migrationBuilder.AddColumn<string>(
                name: "AddedBy",
                table: "Participants",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            // Participants that exist when verification arrives were live before it existed: they start verified
            // (Status 1), and an operator can still reject them. New rows always carry their status explicitly.
            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "Participants",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTime>(
                name: "StatusChangedAt",
                table: "Participants",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusChangedBy",
                table: "Participants",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "Participants",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SuspendedAt",
                table: "Accounts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuspendedBy",
                table: "Accounts",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuspensionReason",
                table: "Accounts",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OperatorLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    OperatorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OperatorEmail = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Target = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Ip = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatorLog", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Participants_PeppolIdKey_AccountId",
                table: "Participants",
                columns: new[] { "PeppolIdKey", "AccountId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Participants_PeppolIdKey_Verified",
                table: "Participants",
                column: "PeppolIdKey",
                unique: true,
                filter: "\"Status\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_SuspendedAt",
                table: "Accounts",
                column: "SuspendedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OperatorLog_At",
                table: "OperatorLog",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OperatorLog");

            migrationBuilder.DropIndex(
                name: "IX_Participants_PeppolIdKey_AccountId",
                table: "Participants");

            migrationBuilder.DropIndex(
                name: "IX_Participants_PeppolIdKey_Verified",
                table: "Participants");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_SuspendedAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "AddedBy",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "StatusChangedBy",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "SuspendedAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "SuspendedBy",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "SuspensionReason",
                table: "Accounts");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_PeppolIdKey",
                table: "Participants",
                column: "PeppolIdKey",
                unique: true);
        }
    }
}
