using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LiveEditing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsLocked",
                table: "Statements",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Statements",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "StatementChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClientChangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubmittedJson = table.Column<string>(type: "TEXT", nullable: false),
                    AppliedJson = table.Column<string>(type: "TEXT", nullable: false),
                    DiscardedJson = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatementChanges_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatementSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    BlocksJson = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatementSnapshots_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatementChanges_StatementId_AuthorId_ClientChangeId",
                table: "StatementChanges",
                columns: new[] { "StatementId", "AuthorId", "ClientChangeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementChanges_StatementId_Revision",
                table: "StatementChanges",
                columns: new[] { "StatementId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementSnapshots_StatementId_Revision",
                table: "StatementSnapshots",
                columns: new[] { "StatementId", "Revision" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StatementChanges");

            migrationBuilder.DropTable(
                name: "StatementSnapshots");

            migrationBuilder.DropColumn(
                name: "IsLocked",
                table: "Statements");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Statements");
        }
    }
}
