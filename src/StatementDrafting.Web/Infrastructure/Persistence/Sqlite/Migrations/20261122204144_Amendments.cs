using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Amendments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "StatementChanges",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Amendments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BlockId = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ProposerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProposedAtRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseText = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    ProposedText = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MergedIntoNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    AppliedRevision = table.Column<int>(type: "INTEGER", nullable: true),
                    SupportCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Amendments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Amendments_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatementMilestones",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementMilestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatementMilestones_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatementVisits",
                columns: table => new
                {
                    StatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementVisits", x => new { x.StatementId, x.UserId });
                    table.ForeignKey(
                        name: "FK_StatementVisits_Statements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "Statements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AmendmentEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AmendmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    What = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AmendmentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AmendmentEvents_Amendments_AmendmentId",
                        column: x => x.AmendmentId,
                        principalTable: "Amendments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AmendmentSupports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AmendmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AmendmentSupports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AmendmentSupports_Amendments_AmendmentId",
                        column: x => x.AmendmentId,
                        principalTable: "Amendments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AmendmentEvents_AmendmentId",
                table: "AmendmentEvents",
                column: "AmendmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Amendments_StatementId_BlockId_Status",
                table: "Amendments",
                columns: new[] { "StatementId", "BlockId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Amendments_StatementId_Number",
                table: "Amendments",
                columns: new[] { "StatementId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AmendmentSupports_AmendmentId_UserId",
                table: "AmendmentSupports",
                columns: new[] { "AmendmentId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AmendmentSupports_UserId",
                table: "AmendmentSupports",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_StatementMilestones_StatementId_Revision",
                table: "StatementMilestones",
                columns: new[] { "StatementId", "Revision" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AmendmentEvents");

            migrationBuilder.DropTable(
                name: "AmendmentSupports");

            migrationBuilder.DropTable(
                name: "StatementMilestones");

            migrationBuilder.DropTable(
                name: "StatementVisits");

            migrationBuilder.DropTable(
                name: "Amendments");

            migrationBuilder.DropColumn(
                name: "Label",
                table: "StatementChanges");
        }
    }
}
